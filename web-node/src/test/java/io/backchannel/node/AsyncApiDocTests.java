package io.backchannel.node;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.backchannel.contracts.ws.ClientFrame;
import io.backchannel.contracts.ws.ServerFrame;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/asyncapi.yaml} describes every frame of the code: each frame type a client
 * sends or a node sends is a message of the socket channel, in the right operation, with
 * every field of its record, and asks for no field it does not describe.
 */
class AsyncApiDocTests {

    private final Map<String, Object> document = load();

    @Test
    void isAnAsyncApi3Document_forTheSocket() {
        assertThat(this.document.get("asyncapi").toString()).startsWith("3.");
        assertThat(at(this.document, "channels", "socket", "address")).isEqualTo("/ws");
    }

    @Test
    void everyClientFrame_isAMessageTheNodeReceives_withItsFields() {
        checkFrames(ClientFrame.class, "clientSends");
    }

    @Test
    void everyServerFrame_isAMessageTheNodeSends_withItsFields() {
        checkFrames(ServerFrame.class, "nodeSends");
    }

    private void checkFrames(Class<?> frames, String operation) {
        List<String> operationMessages = ((List<?>) at(this.document, "operations", operation, "messages")).stream()
            .map((ref) -> ((Map<?, ?>) ref).get("$ref").toString())
            .toList();
        for (JsonSubTypes.Type type : frames.getAnnotation(JsonSubTypes.class).value()) {
            String name = type.name();
            Map<?, ?> payload = (Map<?, ?>) at(this.document, "components", "messages", name, "payload");
            assertThat(payload).as("message %s", name).isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) payload.get("properties");
            assertThat(at(properties, "type", "const")).as("type of %s", name).isEqualTo(name);
            for (RecordComponent component : type.value().getRecordComponents()) {
                assertThat(properties).as("fields of %s", name).containsKey(component.getName());
            }
            Object required = payload.get("required");
            if (required != null) {
                assertThat(properties.keySet()).as("required fields of %s", name)
                    .containsAll(((List<?>) required).stream().map(Object::toString).toList());
            }
            assertThat(operationMessages).as("%s in %s", name, operation)
                .contains("#/channels/socket/messages/" + name);
        }
    }

    private static Object at(Object node, String... path) {
        Object value = node;
        for (String key : path) {
            value = (value instanceof Map<?, ?> map) ? map.get(key) : null;
        }
        return value;
    }

    private static Map<String, Object> load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/asyncapi.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/asyncapi.yaml above the working directory").isNotNull();
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(dir.resolve("docs/asyncapi.yaml")));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

}

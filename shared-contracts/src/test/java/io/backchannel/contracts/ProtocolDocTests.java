package io.backchannel.contracts;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.ws.ClientFrame;
import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.contracts.ws.ErrorCode;
import io.backchannel.contracts.ws.ServerFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code docs/protocol.md} true to the code where the code can say: every problem
 * type, error code, close code and frame type a node may send or take is in it.
 */
class ProtocolDocTests {

    private final String protocol = read(repositoryRoot().resolve("docs/protocol.md"));

    @Test
    void everyProblemType_isDocumented() {
        for (ProblemType type : ProblemType.values()) {
            assertThat(this.protocol).as("problem type %s", type).contains("`" + type.slug() + "`");
        }
    }

    @Test
    void everyErrorCode_isDocumented() throws IllegalAccessException {
        for (String code : constants(ErrorCode.class, String.class)) {
            assertThat(this.protocol).as("error code %s", code).contains("`" + code + "`");
        }
    }

    @Test
    void everyCloseCode_isDocumented() throws IllegalAccessException {
        for (Integer code : constants(CloseCodes.class, Integer.class)) {
            assertThat(this.protocol).as("close code %s", code).containsPattern("\\| " + code + " \\|");
        }
    }

    @Test
    void everyFrameType_isDocumented() {
        for (Class<?> frames : List.of(ClientFrame.class, ServerFrame.class)) {
            for (JsonSubTypes.Type type : frames.getAnnotation(JsonSubTypes.class).value()) {
                assertThat(this.protocol).as("frame %s", type.name()).contains("`" + type.name() + "`");
            }
        }
    }

    private static <T> List<T> constants(Class<?> holder, Class<T> type) throws IllegalAccessException {
        List<T> values = new ArrayList<>();
        for (Field field : holder.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isPublic(modifiers) && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                    && (field.getType() == type || (type == Integer.class && field.getType() == int.class))) {
                values.add(type.cast(field.get(null)));
            }
        }
        assertThat(values).as("constants of %s", holder.getSimpleName()).isNotEmpty();
        return values;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/protocol.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/protocol.md not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

}

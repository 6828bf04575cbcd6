package io.backchannel.contracts;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.ClientFrame;
import io.backchannel.contracts.ws.Hello;
import io.backchannel.contracts.ws.Ping;
import io.backchannel.contracts.ws.Route;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.contracts.ws.Welcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramesJsonTests {

    @Test
    void clientFrames_areReadByType_andIgnoreUnknownFields() {
        ClientFrame hello = Json.mapper()
            .readValue("{\"type\":\"hello\",\"token\":\"t\",\"lastEventId\":\"1-0\",\"future\":1}", ClientFrame.class);
        assertThat(hello).isEqualTo(new Hello("t", "1-0"));
        assertThat(Json.mapper().readValue("{\"type\":\"ping\"}", ClientFrame.class)).isInstanceOf(Ping.class);
    }

    @Test
    void clientFrames_withUnknownType_failWithTypeError() {
        assertThatThrownBy(() -> Json.mapper().readValue("{\"type\":\"nope\"}", ClientFrame.class))
            .isInstanceOf(InvalidTypeIdException.class);
    }

    @Test
    void updateFrame_isWrittenWithItsTypeAndWireNames_andWithoutNulls() {
        CorrelationId id = CorrelationId.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        ServerFrame frame = new UpdateFrame("1-0", id, RequestStatus.RUNNING, 50, "step 1", null, null, 2,
                new Route("a", "b", "c", Via.BACKPLANE));
        JsonNode json = Json.mapper().valueToTree(frame);
        assertThat(json.get("type").asString()).isEqualTo("update");
        assertThat(json.get("correlationId").asString()).isEqualTo(id.value());
        assertThat(json.get("route").get("via").asString()).isEqualTo("backplane");
        assertThat(json.has("result")).isFalse();
        assertThat(Json.mapper().treeToValue(json, ServerFrame.class)).isEqualTo(frame);
    }

    @Test
    void welcome_roundTrips() {
        Welcome welcome = new Welcome(ClientId.random(), "node-a", "s1", false);
        String text = Json.mapper().writeValueAsString((ServerFrame) welcome);
        assertThat(Json.mapper().readValue(text, ServerFrame.class)).isEqualTo(welcome);
    }

}

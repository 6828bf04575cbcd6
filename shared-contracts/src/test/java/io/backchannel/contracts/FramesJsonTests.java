package io.backchannel.contracts;

import java.time.Instant;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.Accepted;
import io.backchannel.contracts.ws.ClientFrame;
import io.backchannel.contracts.ws.ErrorCode;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.contracts.ws.Hello;
import io.backchannel.contracts.ws.Ping;
import io.backchannel.contracts.ws.Route;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.Submit;
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

    @Test
    void welcome_announcesSubmits_andOneWithoutThemLeavesTheFieldOut() {
        Welcome welcome = new Welcome(ClientId.random(), "node-a", "s1", false, 16);
        JsonNode json = Json.mapper().valueToTree((ServerFrame) welcome);
        assertThat(json.get("maxSubmitsInFlight").asInt()).isEqualTo(16);
        assertThat(Json.mapper().treeToValue(json, ServerFrame.class)).isEqualTo(welcome);
        assertThat(Json.mapper()
            .valueToTree((ServerFrame) new Welcome(ClientId.random(), "n", "s", false))
            .has("maxSubmitsInFlight")).isFalse();
    }

    @Test
    void submit_isReadWithItsJobType_theFramesTypeNamingTheFrame() {
        ClientFrame frame = Json.mapper()
            .readValue("{\"type\":\"submit\",\"correlationId\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\","
                    + "\"jobType\":\"report\",\"payload\":{\"steps\":2},\"future\":true}", ClientFrame.class);
        assertThat(frame).isEqualTo(
                new Submit("3f2504e0-4f89-11d3-9a0c-0305e82c3301", "report", Json.mapper().readTree("{\"steps\":2}")));
        assertThat(Json.mapper().readValue("{\"type\":\"submit\"}", ClientFrame.class))
            .as("fields stay raw, for the intake to check")
            .isEqualTo(new Submit(null, null, null));
    }

    @Test
    void accepted_carriesTheRecordAsHttpAnswersIt_andRoundTrips() {
        CorrelationId id = CorrelationId.of("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        Instant at = Instant.parse("2025-01-02T03:04:05.678Z");
        RequestView view = new RequestView(id, "report", RequestStatus.QUEUED, null, null, null, null, 0, "node-a", at,
                at);
        Accepted accepted = new Accepted(id.value(), Accepted.PUBLISHED, view);
        JsonNode json = Json.mapper().valueToTree((ServerFrame) accepted);
        assertThat(json.get("type").asString()).isEqualTo("accepted");
        assertThat(json.get("correlationId").asString()).isEqualTo(id.value());
        assertThat(json.get("status").asInt()).isEqualTo(202);
        assertThat(json.get("request")).isEqualTo(Json.mapper().valueToTree(view));
        assertThat(json.get("request").get("type").asString()).isEqualTo("report");
        assertThat(Json.mapper().treeToValue(json, ServerFrame.class)).isEqualTo(accepted);
    }

    @Test
    void errorFrame_ofARefusedSubmit_namesItsIdProblemAndRetryAfter_andRoundTrips() {
        ErrorFrame refused = ErrorFrame.refusedSubmit("3f2504e0-4f89-11d3-9a0c-0305e82c3301", ProblemType.RATE_LIMITED,
                "Too many requests.", 3L);
        JsonNode json = Json.mapper().valueToTree((ServerFrame) refused);
        assertThat(json.get("type").asString()).isEqualTo("error");
        assertThat(json.get("code").asString()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(json.get("correlationId").asString()).isEqualTo("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assertThat(json.get("problem").asString()).isEqualTo("urn:backchannel:problem:rate-limited");
        assertThat(json.get("status").asInt()).isEqualTo(429);
        assertThat(json.get("retryAfter").asLong()).isEqualTo(3);
        assertThat(Json.mapper().treeToValue(json, ServerFrame.class)).isEqualTo(refused);
    }

    @Test
    void errorFrame_codesOfRefusedSubmits_areTheProblemTypes() {
        assertThat(ErrorFrame.codeOf(ProblemType.BAD_REQUEST)).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(ErrorFrame.codeOf(ProblemType.CONFLICT)).isEqualTo(ErrorCode.CONFLICT);
        assertThat(ErrorFrame.codeOf(ProblemType.UNKNOWN_TYPE)).isEqualTo(ErrorCode.UNKNOWN_TYPE);
        assertThat(ErrorFrame.codeOf(ProblemType.RATE_LIMITED)).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(ErrorFrame.codeOf(ProblemType.UNAVAILABLE)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(ErrorFrame.codeOf(ProblemType.INTERNAL)).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void errorFrame_echoesNoOverlongCorrelationId_andAPlainErrorHasOnlyCodeAndMessage() {
        assertThat(ErrorFrame.refusedSubmit("x".repeat(65), ProblemType.BAD_REQUEST, "Bad.", null).correlationId())
            .isNull();
        assertThat(ErrorFrame.refusedSubmit("NOT-A-UUID", ProblemType.BAD_REQUEST, "Bad.", null).correlationId())
            .isEqualTo("NOT-A-UUID");
        JsonNode plain = Json.mapper().valueToTree((ServerFrame) new ErrorFrame(ErrorCode.BAD_FRAME, "no"));
        assertThat(plain.propertyNames()).containsExactlyInAnyOrder("type", "code", "message");
    }

}

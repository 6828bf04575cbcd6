package io.backchannel.load.socketio;

import java.time.Duration;
import java.util.UUID;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.load.client.Tally;
import io.backchannel.load.client.TallyCounts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaselineUpdatesTests {

    private final String id = UUID.randomUUID().toString();

    @Test
    void anUpdateConsumedByTheServerHoldingTheSocket_isLocal_andOtherwiseCameOverRedis() {
        UpdateFrame local = BaselineUpdates.frame(succeeded("baseline-1"), "baseline-1", 1);
        UpdateFrame remote = BaselineUpdates.frame(succeeded("baseline-2"), "baseline-1", 2);
        assertThat(local.correlationId()).isEqualTo(CorrelationId.of(this.id));
        assertThat(local.status()).isEqualTo(RequestStatus.SUCCEEDED);
        assertThat(local.result().path("data").asString()).isEqualTo("xy");
        assertThat(local.route().via()).isEqualTo(Via.LOCAL);
        assertThat(remote.route().via()).isEqualTo(Via.BACKPLANE);
        assertThat(remote.route().receivedBy()).isEqualTo("baseline-2");
        assertThat(remote.route().deliveredBy()).isEqualTo("baseline-1");
        assertThat(local.eventId()).isNotEqualTo(remote.eventId());
    }

    @Test
    void aFailure_keepsItsError() {
        UpdateFrame failed = BaselineUpdates.frame(json("{\"correlationId\":\"" + this.id + "\",\"status\":\"FAILED\","
                + "\"error\":{\"code\":\"unknown_type\",\"message\":\"no job type 'x'\"},\"receivedBy\":\"b\"}"), null,
                1);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(failed.error().code()).isEqualTo("unknown_type");
        assertThat(failed.route().via()).isEqualTo(Via.BACKPLANE);
    }

    @Test
    void theSameTerminalUpdateTwice_isADuplicateInTheTally() {
        Tally tally = new Tally();
        CorrelationId request = CorrelationId.of(this.id);
        tally.submitted(request, 0);
        tally.accepted(request, 1);
        tally.onUpdate(BaselineUpdates.frame(succeeded("baseline-1"), "baseline-1", 1), 2);
        tally.onUpdate(BaselineUpdates.frame(succeeded("baseline-1"), "baseline-1", 2), 3);
        TallyCounts counts = tally.counts(Duration.ZERO);
        assertThat(counts.completed()).isEqualTo(1);
        assertThat(counts.duplicateTerminals()).isEqualTo(1);
    }

    @Test
    void anUpdateWithoutItsRequestOrStatus_isRefused() {
        assertThatThrownBy(() -> BaselineUpdates.frame(json("{\"status\":\"SUCCEEDED\"}"), "b", 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaselineUpdates.frame(json("{\"correlationId\":\"" + this.id + "\"}"), "b", 1))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private JsonNode succeeded(String receivedBy) {
        return json("{\"correlationId\":\"" + this.id + "\",\"status\":\"SUCCEEDED\",\"result\":{\"data\":\"xy\"},"
                + "\"receivedBy\":\"" + receivedBy + "\"}");
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }

}

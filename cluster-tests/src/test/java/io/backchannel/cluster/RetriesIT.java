package io.backchannel.cluster;

import java.time.Duration;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.ws.UpdateFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Transient failures are retried and the client sees the retries as progress, then one
 * terminal update; a job that never succeeds ends FAILED.
 */
class RetriesIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void flaky_succeedsAfterRetries_andTheRetriesUpdatesAreNotTakenForDuplicates() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(this.cluster.node(1), null);
        String id = TestClient.newCorrelationId();
        assertThat(client.submit(a, id, "flaky", "{\"failTimes\":2}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        assertThat(socket.updates(id)).filteredOn((u) -> u.status().isTerminal())
            .singleElement()
            .extracting(UpdateFrame::status)
            .isEqualTo(RequestStatus.SUCCEEDED);
        // Both failed attempts announced themselves before their retries: the second
        // attempt's first update was applied, not dropped as a repeat of the first's.
        assertThat(socket.updates(id)).filteredOn((u) -> u.status() == RequestStatus.RUNNING)
            .extracting(UpdateFrame::stage)
            .startsWith("started", "retry 2 of 3");
    }

    @Test
    void poison_endsFailed_withAnError_afterTheRetryLimit() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(a, null);
        String id = TestClient.newCorrelationId();
        assertThat(client.submit(a, id, "poison", "{}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        UpdateFrame terminal = socket.updates(id).get(socket.updates(id).size() - 1);
        assertThat(terminal.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(terminal.error().code()).isEqualTo(JobErrorCode.RETRIES_EXHAUSTED);
        assertThat(client.record(this.cluster.node(2), id).error().code()).isEqualTo(JobErrorCode.RETRIES_EXHAUSTED);
    }

    @Test
    void badPayload_failsAtOnce_withoutRetries() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(a, null);
        String id = TestClient.newCorrelationId();
        assertThat(client.submit(a, id, "report", "{\"steps\":\"many\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        UpdateFrame terminal = socket.updates(id).get(socket.updates(id).size() - 1);
        assertThat(terminal.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(terminal.error().code()).isEqualTo(JobErrorCode.BAD_PAYLOAD);
    }

}

package io.backchannel.cluster;

import java.time.Duration;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.ws.UpdateFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that shuts down sends its clients elsewhere at once, and they finish there.
 */
class ShutdownIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void nodeShuttingDown_closesItsSocketsWith1012_andItsClientsFinishOnOtherNodes() {
        Node doomed = this.cluster.startExtraNode("node-d");
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(doomed);
        TestSocket socket = client.connect(doomed, null);
        assertThat(socket.welcome().nodeId()).isEqualTo("node-d");
        String id = TestClient.newCorrelationId();
        assertThat(client.submit(doomed, id, "report", "{\"steps\":5,\"stepMillis\":200}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> !socket.updates(id).isEmpty());

        doomed.context().close();

        await().atMost(Duration.ofSeconds(10)).until(() -> socket.closeCode() != null);
        assertThat(socket.closeCode()).isEqualTo(1012);
        TestSocket moved = client.connect(a, socket.lastEventId());
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(moved.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        assertThat(moved.updates(id)).filteredOn((u) -> u.status().isTerminal())
            .singleElement()
            .extracting(UpdateFrame::status)
            .isEqualTo(RequestStatus.SUCCEEDED);
        assertThat(moved.updates(id)).extracting(UpdateFrame::eventId)
            .doesNotContainAnyElementsOf(socket.updates(id).stream().map(UpdateFrame::eventId).toList());
        assertThat(client.record(a, id).acceptedBy()).isEqualTo("node-d");
    }

}

package io.backchannel.cluster;

import java.time.Duration;
import java.util.Map;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.ws.UpdateFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that shuts down sends its clients elsewhere at once, and they finish there; it
 * closes more of its sockets only as the clients it closed are welcomed elsewhere.
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

    @Test
    void aDrain_closesTheNextSocketOnlyOnceTheClientItClosedIsBackElsewhere() throws InterruptedException {
        // One client away at most; a patience (spread + 5 s) far beyond the waits below.
        Node doomed = this.cluster.startExtraNode("node-e", Map.of("backchannel.ws.drain-away", 1,
                "backchannel.ws.reconnect-spread", "5s", "backchannel.ws.drain-window", "30s"));
        TestClient first = TestClient.register(doomed);
        TestClient second = TestClient.register(doomed);
        TestSocket firstSocket = first.connect(doomed, null);
        TestSocket secondSocket = second.connect(doomed, null);
        assertThat(firstSocket.welcome()).isNotNull();
        assertThat(secondSocket.welcome()).isNotNull();

        Thread closing = Thread.ofVirtual().start(() -> doomed.context().close());

        await().atMost(Duration.ofSeconds(10))
            .until(() -> firstSocket.closeCode() != null || secondSocket.closeCode() != null);
        boolean firstWent = firstSocket.closeCode() != null;
        TestSocket gone = firstWent ? firstSocket : secondSocket;
        TestSocket kept = firstWent ? secondSocket : firstSocket;
        assertThat(gone.closeCode()).isEqualTo(1012);
        // Its client is nowhere yet: the other socket stays open.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> kept.closeCode() == null);

        TestSocket back = (firstWent ? first : second).connect(this.cluster.node(0), gone.lastEventId());
        assertThat(back.welcome()).isNotNull();

        await().atMost(Duration.ofSeconds(4)).until(() -> kept.closeCode() != null);
        assertThat(kept.closeCode()).isEqualTo(1012);
        assertThat(closing.join(Duration.ofSeconds(30))).as("the node stopped").isTrue();
    }

}

package io.backchannel.cluster;

import java.time.Duration;
import java.util.List;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The core promise: the socket is on one node, the request goes to a second, the reply
 * lands on a third, and the client still gets every update, once, in order.
 */
class CrossNodeDeliveryIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void reply_forSocketOnOtherNode_isDeliveredOverBackplane_onceAndInOrder() {
        Node a = this.cluster.node(0);
        Node b = this.cluster.node(1);
        Node c = this.cluster.node(2);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(a, null);
        assertThat(socket.welcome().nodeId()).isEqualTo("node-a");
        String id = TestClient.newCorrelationId();
        a.consumeReplies(false);
        b.consumeReplies(false);
        try {
            assertThat(client.submit(b, id, "report", "{\"steps\":3,\"stepMillis\":30}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        }
        finally {
            a.consumeReplies(true);
            b.consumeReplies(true);
        }
        List<UpdateFrame> updates = socket.updates(id);
        assertThat(updates).extracting(UpdateFrame::status).last().isEqualTo(RequestStatus.SUCCEEDED);
        assertThat(updates).filteredOn((u) -> u.status().isTerminal()).hasSize(1);
        assertThat(updates).extracting(UpdateFrame::seq).isSorted().doesNotHaveDuplicates();
        for (int i = 1; i < updates.size(); i++) {
            assertThat(EventIds.compare(updates.get(i - 1).eventId(), updates.get(i).eventId())).isNegative();
        }
        assertThat(updates).allSatisfy((u) -> {
            assertThat(u.route().acceptedBy()).isEqualTo("node-b");
            assertThat(u.route().receivedBy()).isEqualTo("node-c");
            assertThat(u.route().deliveredBy()).isEqualTo("node-a");
            assertThat(u.route().via()).isIn(Via.BACKPLANE, Via.REPLAY);
        });
        assertThat(updates).extracting((u) -> u.route().via()).contains(Via.BACKPLANE);
        MeterRegistry meters = a.context().getBean(MeterRegistry.class);
        assertThat(meters.get("backchannel.updates.delivered").tag("via", "backplane").counter().count())
            .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("backchannel.sockets.open").gauge().value()).isGreaterThanOrEqualTo(1);
        for (Node node : this.cluster.nodes()) {
            RequestView record = client.record(node, id);
            assertThat(record.status()).isEqualTo(RequestStatus.SUCCEEDED);
            assertThat(record.seq()).isEqualTo(updates.get(updates.size() - 1).seq());
            assertThat(record.acceptedBy()).isEqualTo("node-b");
        }
    }

    @Test
    void reply_forSocketOnReceivingNode_isDeliveredLocally() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(a, null);
        String id = TestClient.newCorrelationId();
        this.cluster.node(1).consumeReplies(false);
        this.cluster.node(2).consumeReplies(false);
        try {
            assertThat(client.submit(a, id, "echo", "{\"hello\":\"world\"}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        }
        finally {
            this.cluster.node(1).consumeReplies(true);
            this.cluster.node(2).consumeReplies(true);
        }
        UpdateFrame terminal = socket.updates(id).get(socket.updates(id).size() - 1);
        assertThat(terminal.status()).isEqualTo(RequestStatus.SUCCEEDED);
        assertThat(terminal.result().get("hello").asString()).isEqualTo("world");
        assertThat(terminal.route().via()).isEqualTo(Via.LOCAL);
    }

    @Test
    void everySocketOfOneClient_onDifferentNodes_getsEveryUpdate() {
        TestClient client = TestClient.register(this.cluster.node(0));
        TestSocket onA = client.connect(this.cluster.node(0), null);
        TestSocket onC = client.connect(this.cluster.node(2), null);
        String id = TestClient.newCorrelationId();
        assertThat(client.submit(this.cluster.node(1), id, "report", "{\"steps\":2,\"stepMillis\":20}").statusCode())
            .isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(onA.updates(id)).anyMatch((u) -> u.status().isTerminal());
            assertThat(onC.updates(id)).anyMatch((u) -> u.status().isTerminal());
        });
        assertThat(onA.updates(id)).extracting(UpdateFrame::eventId)
            .containsExactlyElementsOf(onC.updates(id).stream().map(UpdateFrame::eventId).toList());
    }

}

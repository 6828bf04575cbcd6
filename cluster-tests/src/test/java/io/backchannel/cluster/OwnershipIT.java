package io.backchannel.cluster;

import java.time.Duration;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.RequestView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client sees and receives only its own requests, whatever ids it sends.
 */
class OwnershipIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void anotherClient_canNeitherReadNorReceiveNorOverwrite_someoneElsesRequest() {
        Node a = this.cluster.node(0);
        TestClient owner = TestClient.register(a);
        TestClient other = TestClient.register(this.cluster.node(1));
        TestSocket ownerSocket = owner.connect(a, null);
        TestSocket otherSocket = other.connect(a, null);
        String id = TestClient.newCorrelationId();
        assertThat(owner.submit(this.cluster.node(2), id, "echo", "{\"secret\":\"owners-own-value\"}").statusCode())
            .isEqualTo(202);

        // The same id from the other client is its own, separate request: no conflict, no
        // leak.
        var otherSubmit = other.submit(a, id, "echo", "{\"secret\":\"mine\"}");
        assertThat(otherSubmit.statusCode()).isEqualTo(202);
        assertThat(otherSubmit.body()).doesNotContain("owners-own-value");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(ownerSocket.updates(id)).anyMatch((u) -> u.status().isTerminal());
            assertThat(otherSocket.updates(id)).anyMatch((u) -> u.status().isTerminal());
        });
        assertThat(ownerSocket.updates(id)).filteredOn((u) -> u.status().isTerminal())
            .singleElement()
            .satisfies((u) -> assertThat(u.result().get("secret").asString()).isEqualTo("owners-own-value"));
        assertThat(otherSocket.updates(id)).filteredOn((u) -> u.status().isTerminal())
            .singleElement()
            .satisfies((u) -> assertThat(u.result().get("secret").asString()).isEqualTo("mine"));

        String ownerOnly = TestClient.newCorrelationId();
        assertThat(owner.submit(a, ownerOnly, "echo", "{}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .until(() -> owner.record(a, ownerOnly).status() == RequestStatus.SUCCEEDED);
        for (Node node : this.cluster.nodes()) {
            assertThat(other.get(node, ownerOnly).statusCode()).isEqualTo(404);
        }
        assertThat(otherSocket.updates(ownerOnly)).isEmpty();
        RequestView ownerRecord = owner.record(a, id);
        assertThat(ownerRecord.result().get("secret").asString()).isEqualTo("owners-own-value");
    }

    @Test
    void hello_withTheLastEventIdOfAnotherClientsInbox_replaysOnlyItsOwnEvents() {
        Node a = this.cluster.node(0);
        TestClient owner = TestClient.register(a);
        TestClient other = TestClient.register(a);
        String otherFirst = TestClient.newCorrelationId();
        assertThat(other.submit(a, otherFirst, "echo", "{}").statusCode()).isEqualTo(202);
        TestSocket ownerSocket = owner.connect(this.cluster.node(1), null);
        String ownerId = TestClient.newCorrelationId();
        assertThat(owner.submit(a, ownerId, "echo", "{\"secret\":\"owners\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(ownerSocket.updates(ownerId)).anyMatch((u) -> u.status().isTerminal()));
        String otherLater = TestClient.newCorrelationId();
        assertThat(other.submit(a, otherLater, "echo", "{}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .until(() -> other.record(a, otherLater).status() == RequestStatus.SUCCEEDED);

        // The owner's event id, and the start, as cursors into the other client's inbox.
        for (String lastEventId : new String[] { ownerSocket.lastEventId(), "0-0" }) {
            TestSocket otherSocket = other.connect(this.cluster.node(2), lastEventId);
            assertThat(otherSocket.welcome()).isNotNull();
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(otherSocket.updates(otherLater)).isNotEmpty());
            assertThat(otherSocket.updates()).extracting((u) -> u.correlationId().value())
                .doesNotContain(ownerId)
                .allMatch((id) -> id.equals(otherFirst) || id.equals(otherLater));
            otherSocket.drop();
        }
    }

    @Test
    void hello_withAForgedToken_isClosedWith1008() {
        TestClient real = TestClient.register(this.cluster.node(0));
        String forged = real.token().substring(0, real.token().lastIndexOf('.') + 1) + "AAAA";
        TestSocket socket = TestSocket.hello(this.cluster.node(0).ws(), forged, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closeCode() != null);
        assertThat(socket.closeCode()).isEqualTo(1008);
        assertThat(socket.welcome()).isNull();
        assertThat(socket.errors()).extracting((e) -> e.code()).containsExactly("bad_token");
    }

}

package io.backchannel.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client holds at most {@code backchannel.ws.max-sockets-per-client} (8) sockets,
 * counted across all nodes; one more is refused with {@code too_many_sockets} and 1013,
 * and a place frees up when one closes.
 */
class SocketLimitIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void ninthSocket_acrossNodes_isRefusedWith1013_untilOneCloses_andOtherClientsAreUnaffected() {
        TestClient client = TestClient.register(this.cluster.node(0));
        List<TestSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TestSocket socket = client.connect(this.cluster.node(i % 3), null);
            assertThat(socket.welcome()).as("socket %d", i + 1).isNotNull();
            sockets.add(socket);
        }

        TestSocket ninth = client.connect(this.cluster.node(2), null);
        await().atMost(Duration.ofSeconds(5)).until(() -> ninth.closeCode() != null);
        assertThat(ninth.closeCode()).isEqualTo(1013);
        assertThat(ninth.welcome()).isNull();
        assertThat(ninth.errors()).extracting((e) -> e.code()).containsExactly("too_many_sockets");

        TestClient other = TestClient.register(this.cluster.node(1));
        assertThat(other.connect(this.cluster.node(2), null).welcome()).isNotNull();

        sockets.get(0).drop();
        await().atMost(Duration.ofSeconds(10))
            .until(() -> client.connect(this.cluster.node(2), null).welcome() != null);
        sockets.forEach(TestSocket::drop);
    }

}

package io.backchannel.cluster;

import java.time.Duration;

import io.backchannel.contracts.ws.Pong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Garbage on the socket earns an error frame, never a crash; a bad or missing hello ends
 * the socket with 1008.
 */
class BadInputIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void garbageFrames_afterHello_getErrorFrames_andTheSocketStaysUsable() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(a, null);
        socket.send("not json");
        socket.send("{\"type\":\"teleport\"}");
        socket.send("[1,2,3]");
        socket.send("{\"no\":\"type\"}");
        socket.send("{\"type\":\"hello\",\"token\":\"" + client.token() + "\"}");
        socket.sendBinary(new byte[] { 1, 2, 3 });
        socket.send("{\"type\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(
                    () -> assertThat(socket.frames()).anyMatch((f) -> f.getClass().getSimpleName().equals("Pong")));
        assertThat(socket.errors()).extracting((e) -> e.code())
            .containsExactly("bad_frame", "unknown_frame", "bad_frame", "bad_frame", "unexpected_frame",
                    "unsupported_frame");
        assertThat(socket.isOpen()).isTrue();

        String id = TestClient.newCorrelationId();
        assertThat(client.submit(a, id, "echo", "{}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
    }

    @Test
    void firstFrameNotAHello_closesWith1008() {
        TestSocket socket = TestSocket.open(this.cluster.node(1).ws());
        socket.send("{\"type\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closeCode() != null);
        assertThat(socket.closeCode()).isEqualTo(1008);
        assertThat(socket.errors()).extracting((e) -> e.code()).containsExactly("hello_required");
    }

    @Test
    void malformedHello_closesWith1008() {
        for (String hello : new String[] { "{\"type\":\"hello\"}", "{\"type\":\"hello\",\"token\":42}",
                "{\"type\":\"hello\",\"token\":\"x\",\"lastEventId\":\"yesterday\"}", "garbage" }) {
            TestSocket socket = TestSocket.open(this.cluster.node(1).ws());
            socket.send(hello);
            await().atMost(Duration.ofSeconds(5)).until(() -> socket.closeCode() != null);
            assertThat(socket.closeCode()).as(hello).isEqualTo(1008);
            assertThat(socket.welcome()).isNull();
        }
    }

    @Test
    void helloWithBadLastEventId_butGoodToken_closesWith1008_badHello() {
        TestClient client = TestClient.register(this.cluster.node(0));
        TestSocket socket = TestSocket.open(this.cluster.node(2).ws());
        socket.send("{\"type\":\"hello\",\"token\":\"" + client.token() + "\",\"lastEventId\":\"1-2-3\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closeCode() != null);
        assertThat(socket.closeCode()).isEqualTo(1008);
        assertThat(socket.errors()).extracting((e) -> e.code()).containsExactly("bad_hello");
    }

    @Test
    void noHelloInTime_closesWith1008() {
        TestSocket socket = TestSocket.open(this.cluster.node(2).ws());
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closeCode() != null);
        assertThat(socket.closeCode()).isEqualTo(1008);
    }

    @Test
    void longFrame_underTheLimit_isTakenInParts_andAnsweredWhole() {
        TestClient client = TestClient.register(this.cluster.node(0));
        TestSocket socket = client.connect(this.cluster.node(0), null);
        // Far over the container's per-socket message buffer, under the frame size limit.
        socket.send("{\"type\":\"ping\",\"pad\":\"" + "é".repeat(20_000) + "\"}");
        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(socket.frames()).anyMatch((frame) -> frame instanceof Pong));
        assertThat(socket.isOpen()).isTrue();
        assertThat(socket.errors()).isEmpty();
    }

    @Test
    void oversizedFrame_closesWith1009_andTheNodeCarriesOn() {
        TestClient client = TestClient.register(this.cluster.node(0));
        TestSocket socket = client.connect(this.cluster.node(0), null);
        socket.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> socket.closeCode() != null);
        assertThat(socket.closeCode()).isEqualTo(1009);
        TestSocket again = client.connect(this.cluster.node(0), null);
        assertThat(again.welcome()).isNotNull();
    }

}

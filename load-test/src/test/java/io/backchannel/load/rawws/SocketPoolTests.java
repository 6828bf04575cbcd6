package io.backchannel.load.rawws;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backchannel.contracts.ws.UpdateFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SocketPoolTests {

    private static final String WELCOME = """
            {"type":"welcome","clientId":"AAAAAAAAAAAAAAAAAAAAAA","nodeId":"node-1","sessionId":"s1","truncated":false}""";

    private static final String UPDATE = """
            {"type":"update","eventId":"%s","correlationId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301",\
            "status":"SUCCEEDED","seq":2,"route":{"acceptedBy":"a","receivedBy":"b","deliveredBy":"c","via":"local"}}""";

    private final List<UpdateFrame> updates = new CopyOnWriteArrayList<>();

    private FakeServer server;

    private SocketPool pool;

    @BeforeEach
    void start() throws Exception {
        this.server = new FakeServer();
        this.pool = new SocketPool(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.server.port()),
                "127.0.0.1:" + this.server.port(), (socket, update, at) -> this.updates.add(update), 10,
                Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() throws Exception {
        this.pool.close();
        this.server.close();
    }

    @Test
    void socket_upgrades_saysHelloWithItsToken_andCountsAsOpenOnceWelcomed() throws Exception {
        this.pool.open(7, InetAddress.getLoopbackAddress(), "token-7");
        await().atMost(Duration.ofSeconds(5)).until(() -> connection() != null && !connection().texts().isEmpty());
        assertThat(connection().request).startsWith("GET /ws HTTP/1.1").contains("Host: 127.0.0.1:");
        assertThat(connection().texts()).singleElement().asString().contains("\"type\":\"hello\"", "token-7");
        assertThat(this.pool.counts().handshaking()).isEqualTo(1);
        connection().sendText(WELCOME);
        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(this.pool.counts().open()).as("%s", this.pool.problems()).isEqualTo(1));
        assertThat(this.pool.openIds()).containsExactly(7);
    }

    @Test
    void openSocket_passesEachNewUpdateOnce_andAnswersPings() throws Exception {
        this.pool.open(1, InetAddress.getLoopbackAddress(), "t");
        await().atMost(Duration.ofSeconds(5)).until(() -> connection() != null && !connection().texts().isEmpty());
        connection().sendText(WELCOME);
        connection().sendText(UPDATE.formatted("5-0"));
        connection().sendText(UPDATE.formatted("5-0"));
        connection().sendText(UPDATE.formatted("4-0"));
        connection().sendText(UPDATE.formatted("6-0"));
        connection().send(Frames.PING, new byte[] { 1, 2 });
        connection().sendText("{\"type\":\"ping\"}");
        await().atMost(Duration.ofSeconds(5))
            .until(() -> connection().received.stream().anyMatch((f) -> f.opcode() == Frames.PONG)
                    && connection().texts().contains("{\"type\":\"pong\"}"));
        assertThat(this.updates).extracting(UpdateFrame::eventId).containsExactly("5-0", "6-0");
        assertThat(connection().received.stream()
            .filter((f) -> f.opcode() == Frames.PONG)
            .findFirst()
            .orElseThrow()
            .payload()).containsExactly(1, 2);
    }

    @Test
    void socketClosedByTheServer_afterOpening_countsAsDropped() throws Exception {
        this.pool.open(1, InetAddress.getLoopbackAddress(), "t");
        await().atMost(Duration.ofSeconds(5)).until(() -> connection() != null && !connection().texts().isEmpty());
        connection().sendText(WELCOME);
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.counts().open() == 1);
        connection().send(Frames.CLOSE, new byte[] { 0x03, (byte) 0xF4 });
        await().atMost(Duration.ofSeconds(5)).until(() -> this.pool.counts().dropped() == 1);
        assertThat(this.pool.counts().open()).isZero();
        assertThat(this.pool.problems()).containsKey("closed by the server with 1012 (OPEN)");
    }

    @Test
    void socketNeverWelcomed_failsAfterTheHandshakeTimeout() {
        this.pool.open(1, InetAddress.getLoopbackAddress(), "t");
        await().atMost(Duration.ofSeconds(6)).until(() -> this.pool.counts().failed() == 1);
        assertThat(this.pool.counts().handshaking()).isZero();
        assertThat(this.pool.problems().keySet()).anyMatch((p) -> p.startsWith("no welcome within 2 s"));
    }

    private FakeServer.Connection connection() {
        return this.server.connections.isEmpty() ? null : this.server.connections.get(0);
    }

}

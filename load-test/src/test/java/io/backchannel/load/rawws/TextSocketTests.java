package io.backchannel.load.rawws;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backchannel.load.rawhttp.FakeHttpServer;
import io.backchannel.load.rawhttp.FakeHttpServer.Reply;
import io.backchannel.load.rawhttp.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

class TextSocketTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RawHttp raw = RawHttp.create();

    private final List<String> texts = new CopyOnWriteArrayList<>();

    private final List<String> closes = new CopyOnWriteArrayList<>();

    private final TextSocket.Listener listener = new TextSocket.Listener() {

        @Override
        public void onText(TextSocket socket, byte[] utf8, long receivedAt) {
            TextSocketTests.this.texts.add(new String(utf8, StandardCharsets.UTF_8));
        }

        @Override
        public void onClosed(TextSocket socket, int code, String reason) {
            TextSocketTests.this.closes.add(code + " " + reason);
        }

    };

    private FakeServer server;

    @AfterEach
    void stop() throws Exception {
        this.raw.close();
        if (this.server != null) {
            this.server.close();
        }
    }

    @Test
    void upgradesOnThePathWithItsQuery_thenSendsMaskedText_andReceivesWholeMessages() throws Exception {
        this.server = new FakeServer();
        TextSocket socket = connect("/socket.io/?EIO=4&transport=websocket");
        socket.listen();
        FakeServer.Connection connection = connection();
        assertThat(connection.request).startsWith("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n")
            .contains("Host: 127.0.0.1:" + this.server.port() + "\r\n");
        socket.sendText("héllo");
        await().atMost(WAIT).until(() -> connection.texts().contains("héllo"));
        connection.sendText("x".repeat(300));
        connection.send(false, Frames.TEXT, "frag".getBytes(StandardCharsets.UTF_8));
        connection.send(Frames.PING, new byte[] { 7 });
        connection.send(true, Frames.CONTINUATION, "mented".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> this.texts.size() == 2);
        assertThat(this.texts).containsExactly("x".repeat(300), "fragmented");
        await().atMost(WAIT).until(() -> connection.received.stream().anyMatch((f) -> f.opcode() == Frames.PONG));
    }

    @Test
    void textTheServerSendsRightBehindThe101_isNotLost() throws Exception {
        this.server = new FakeServer("0{\"sid\":\"s1\"}");
        TextSocket socket = connect("/ws");
        socket.listen();
        await().atMost(WAIT).until(() -> !this.texts.isEmpty());
        assertThat(this.texts).containsExactly("0{\"sid\":\"s1\"}");
    }

    @Test
    void theServersCloseFrame_isAnsweredAndPassedOn_withItsCode() throws Exception {
        this.server = new FakeServer();
        connect("/ws").listen();
        FakeServer.Connection connection = connection();
        connection.send(Frames.CLOSE, new byte[] { 0x03, (byte) 0xF0, 'b', 'y', 'e' });
        await().atMost(WAIT).until(() -> !this.closes.isEmpty());
        assertThat(this.closes).containsExactly("1008 bye");
        await().atMost(WAIT).until(() -> connection.received.stream().anyMatch((f) -> f.opcode() == Frames.CLOSE));
    }

    @Test
    void aConnectionThatEnds_withoutACloseFrame_isAbnormal() throws Exception {
        this.server = new FakeServer();
        connect("/ws").listen();
        connection();
        this.server.close();
        await().atMost(WAIT).until(() -> !this.closes.isEmpty());
        assertThat(this.closes).singleElement().asString().startsWith("1006 ");
    }

    @Test
    void theClientsClose_sendsACloseFrame_andTellsTheListenerOnce() throws Exception {
        this.server = new FakeServer();
        TextSocket socket = connect("/ws");
        socket.listen();
        FakeServer.Connection connection = connection();
        socket.close(1000, "done");
        socket.close(1000, "again");
        await().atMost(WAIT).until(() -> connection.received.stream().anyMatch((f) -> f.opcode() == Frames.CLOSE));
        assertThat(this.closes).containsExactly("1000 done");
    }

    @Test
    void aServerThatDoesNotUpgrade_failsTheConnect() throws Exception {
        try (FakeHttpServer http = new FakeHttpServer((request) -> Reply.json(404, "{}"))) {
            assertThatIOException()
                .isThrownBy(() -> TextSocket.connect(this.raw.loop(),
                        URI.create("ws://127.0.0.1:" + http.base().getPort() + "/ws"), this.listener, WAIT))
                .withMessageContaining("handshake refused: HTTP/1.1 404");
        }
    }

    @Test
    void aServerThatIsNotThere_failsTheConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatIOException().isThrownBy(() -> TextSocket.connect(this.raw.loop(),
                URI.create("ws://127.0.0.1:" + port + "/ws"), this.listener, WAIT));
    }

    private TextSocket connect(String path) throws IOException {
        return TextSocket.connect(this.raw.loop(), URI.create("ws://127.0.0.1:" + this.server.port() + path),
                this.listener, WAIT);
    }

    private FakeServer.Connection connection() {
        return this.server.upgraded(0);
    }

}

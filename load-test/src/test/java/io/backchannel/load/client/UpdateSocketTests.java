package io.backchannel.load.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.load.rawhttp.RawHttp;
import io.backchannel.load.rawws.FakeServer;
import io.backchannel.load.rawws.Frames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UpdateSocketTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String WELCOME = """
            {"type":"welcome","clientId":"AAAAAAAAAAAAAAAAAAAAAA","nodeId":"node-%d","sessionId":"s1","truncated":false}""";

    private static final String UPDATE = """
            {"type":"update","eventId":"%s","correlationId":"3f2504e0-4f89-11d3-9a0c-0305e82c3301",\
            "status":"SUCCEEDED","seq":2,"route":{"acceptedBy":"a","receivedBy":"b","deliveredBy":"c","via":"local"}}""";

    private static final RetryPolicy QUICK = new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(40),
            Duration.ofSeconds(1));

    private final RawHttp raw = RawHttp.create();

    private final ExecutorService opener = Executors.newVirtualThreadPerTaskExecutor();

    private final List<String> updates = new CopyOnWriteArrayList<>();

    private final List<String> repeated = new CopyOnWriteArrayList<>();

    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        this.server = new FakeServer();
    }

    @AfterEach
    void stop() throws Exception {
        this.raw.close();
        this.server.close();
        this.opener.shutdownNow();
    }

    @Test
    void saysHello_isReadyOnTheWelcome_passesNewUpdatesOnce_andAnswersPings() throws Exception {
        CompletableFuture<UpdateSocket> opening = CompletableFuture.supplyAsync(this::open, this.opener);
        FakeServer.Connection connection = connection(0);
        assertThat(connection.request).startsWith("GET /ws HTTP/1.1");
        await().atMost(WAIT).until(() -> !connection.texts().isEmpty());
        assertThat(connection.texts().get(0)).contains("\"type\":\"hello\"", "\"token\":\"token-1\"");
        assertThat(opening).isNotDone();

        connection.sendText(WELCOME.formatted(1));
        UpdateSocket socket = opening.get();
        assertThat(socket.welcome().nodeId()).isEqualTo("node-1");
        connection.sendText(UPDATE.formatted("5-0"));
        connection.sendText(UPDATE.formatted("5-0"));
        connection.sendText(UPDATE.formatted("6-0"));
        connection.sendText("{\"type\":\"ping\"}");
        await().atMost(WAIT).until(() -> connection.texts().contains("{\"type\":\"pong\"}"));
        assertThat(this.updates).containsExactly("5-0", "6-0");
        assertThat(this.repeated).containsExactly("5-0");
        assertThat(socket.lastEventId()).isEqualTo("6-0");
        socket.close();
        await().atMost(WAIT).until(() -> connection.received.stream().anyMatch((f) -> f.opcode() == Frames.CLOSE));
        assertThat(socket.reconnects()).isZero();
    }

    @Test
    void aNodeRestart_reconnects_andResumesFromTheCursor() throws Exception {
        CompletableFuture<UpdateSocket> opening = CompletableFuture.supplyAsync(this::open, this.opener);
        FakeServer.Connection first = connection(0);
        first.sendText(WELCOME.formatted(1));
        UpdateSocket socket = opening.get();
        first.sendText(UPDATE.formatted("7-0"));
        await().atMost(WAIT).until(() -> this.updates.size() == 1);

        first.send(Frames.CLOSE, new byte[] { 0x03, (byte) 0xF4 });
        FakeServer.Connection second = connection(1);
        await().atMost(WAIT).until(() -> !second.texts().isEmpty());
        assertThat(second.texts().get(0)).contains("\"token\":\"token-1\"", "\"lastEventId\":\"7-0\"");
        second.sendText(WELCOME.formatted(2));
        await().atMost(WAIT).until(() -> socket.welcome().nodeId().equals("node-2"));
        assertThat(socket.reconnects()).isEqualTo(1);
        socket.close();
    }

    @Test
    void aRefusedToken_stopsTheSocket_withoutReconnecting() throws Exception {
        CompletableFuture<UpdateSocket> opening = CompletableFuture.supplyAsync(this::open, this.opener);
        connection(0).send(Frames.CLOSE, new byte[] { 0x03, (byte) 0xF0, 'n', 'o' });
        await().atMost(WAIT).until(opening::isDone);
        assertThat(opening).isCompletedExceptionally();
        assertThat(opening.exceptionNow()).hasMessageContaining("closed 1008 (token refused): no");
        assertThat(this.server.connections).hasSize(1);
    }

    private UpdateSocket open() {
        try {
            return UpdateSocket.open(this.raw, () -> URI.create("http://127.0.0.1:" + this.server.port()), "token-1",
                    new UpdateListener() {

                        @Override
                        public void onUpdate(UpdateFrame update, long receivedAt) {
                            UpdateSocketTests.this.updates.add(update.eventId());
                        }

                        @Override
                        public void onRepeated(UpdateFrame update) {
                            UpdateSocketTests.this.repeated.add(update.eventId());
                        }

                    }, QUICK, WAIT);
        }
        catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private FakeServer.Connection connection(int i) {
        return this.server.upgraded(i);
    }

}

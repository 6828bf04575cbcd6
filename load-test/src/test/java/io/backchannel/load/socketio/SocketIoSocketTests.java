package io.backchannel.load.socketio;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.rawhttp.RawHttp;
import io.backchannel.load.rawws.FakeServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SocketIoSocketTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RawHttp raw = RawHttp.create();

    private final ExecutorService opener = Executors.newVirtualThreadPerTaskExecutor();

    private final List<UpdateFrame> updates = new CopyOnWriteArrayList<>();

    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        this.server = new FakeServer();
    }

    @AfterEach
    void stop() throws Exception {
        this.server.close();
        this.raw.close();
        this.opener.shutdownNow();
    }

    @Test
    void speaksSocketIoOverTheWebSocketTransport_fromOpenToUpdates() throws Exception {
        Future<SocketIoSocket> opening = CompletableFuture.supplyAsync(this::open, this.opener);
        FakeServer.Connection connection = connection();
        assertThat(connection.request).startsWith("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1");

        connection.sendText("0{\"sid\":\"s1\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}");
        await().atMost(WAIT).until(() -> !connection.texts().isEmpty());
        assertThat(connection.texts().get(0)).isEqualTo("40{\"clientId\":\"client-1\"}");

        connection.sendText("40{\"sid\":\"n1\"}");
        connection.sendText("2");
        await().atMost(WAIT).until(() -> connection.texts().contains("3"));
        assertThat(opening).isNotDone();

        connection.sendText("42[\"welcome\",{\"nodeId\":\"baseline-1\"}]");
        SocketIoSocket socket = opening.get();
        assertThat(socket.nodeId()).isEqualTo("baseline-1");

        String id = UUID.randomUUID().toString();
        connection.sendText("42[\"update\",{\"correlationId\":\"" + id
                + "\",\"status\":\"SUCCEEDED\",\"result\":{},\"receivedBy\":\"baseline-2\"}]");
        await().atMost(WAIT).until(() -> !this.updates.isEmpty());
        assertThat(this.updates).singleElement().satisfies((update) -> {
            assertThat(update.correlationId().value()).isEqualTo(id);
            assertThat(update.route().via()).isEqualTo(Via.BACKPLANE);
        });
        socket.close();
    }

    @Test
    void aRefusedConnect_stopsTheSocket_withTheServersReason() throws Exception {
        CompletableFuture<SocketIoSocket> opening = CompletableFuture.supplyAsync(this::open, this.opener);
        FakeServer.Connection connection = connection();
        connection.sendText("0{\"sid\":\"s1\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}");
        connection.sendText("44{\"message\":\"Not authorized\"}");
        await().atMost(WAIT).until(opening::isDone);
        assertThat(opening).isCompletedExceptionally();
        assertThat(opening.exceptionNow()).hasMessageContaining("Not authorized");
    }

    private SocketIoSocket open() {
        try {
            return SocketIoSocket.open(this.raw, () -> URI.create("http://127.0.0.1:" + this.server.port()), "client-1",
                    (update, at) -> this.updates.add(update), RetryPolicy.defaults(), Duration.ofSeconds(30));
        }
        catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private FakeServer.Connection connection() {
        return this.server.upgraded(0);
    }

}

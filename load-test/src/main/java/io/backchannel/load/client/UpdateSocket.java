package io.backchannel.load.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.contracts.ws.Hello;
import io.backchannel.contracts.ws.Ping;
import io.backchannel.contracts.ws.Pong;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Welcome;

/**
 * One client socket on {@code /ws} (the JDK's WebSocket), as the browser client keeps it:
 * says hello with its token and the last event id it has, passes each new event to its
 * listener once (events at or below its cursor are dropped), answers pings, and when the
 * socket drops or the node restarts (1012) reconnects with backoff to the next node of
 * {@code nodes} and resumes from its cursor. A 1008 (bad token) ends it.
 */
public final class UpdateSocket implements AutoCloseable {

    private static final String PONG = Json.mapper().writeValueAsString(new Pong());

    private final HttpClient http;

    private final Supplier<URI> nodes;

    private final String token;

    private final UpdateListener listener;

    private final RetryPolicy backoff;

    private final CountDownLatch welcomed = new CountDownLatch(1);

    private final AtomicInteger reconnects = new AtomicInteger();

    private volatile WebSocket socket;

    private volatile String lastEventId;

    private volatile Welcome welcome;

    private volatile String failure;

    private volatile boolean closed;

    private final AtomicInteger attempt = new AtomicInteger();

    private UpdateSocket(HttpClient http, Supplier<URI> nodes, String token, UpdateListener listener,
            RetryPolicy backoff) {
        this.http = http;
        this.nodes = nodes;
        this.token = token;
        this.listener = listener;
        this.backoff = backoff;
    }

    /**
     * Connects to {@code nodes.get()} (a node's base URL) and waits for the welcome.
     * @throws IllegalStateException when no welcome came within {@code timeout}
     */
    public static UpdateSocket open(HttpClient http, Supplier<URI> nodes, String token, UpdateListener listener,
            RetryPolicy backoff, Duration timeout) throws InterruptedException {
        UpdateSocket socket = new UpdateSocket(http, nodes, token, listener, backoff);
        socket.connect();
        if (!socket.welcomed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            socket.close();
            throw new IllegalStateException("no welcome within " + timeout.toMillis() + " ms"
                    + ((socket.failure != null) ? ": " + socket.failure : ""));
        }
        return socket;
    }

    /** The latest welcome: which node holds the socket now. */
    public Welcome welcome() {
        return this.welcome;
    }

    public String lastEventId() {
        return this.lastEventId;
    }

    public int reconnects() {
        return this.reconnects.get();
    }

    /**
     * Why the socket stopped for good (a 1008), or the last connection error; or null.
     */
    public String failure() {
        return this.failure;
    }

    @Override
    public void close() {
        this.closed = true;
        WebSocket current = this.socket;
        if (current != null) {
            current.sendClose(CloseCodes.NORMAL, "done").exceptionally((ex) -> null);
            current.abort();
        }
    }

    private void connect() {
        if (this.closed) {
            return;
        }
        URI uri = Nodes.socketUri(this.nodes.get());
        this.http.newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, new Connection())
            .whenComplete((ws, error) -> {
                if (error != null) {
                    this.failure = "connect " + uri + ": " + error.getMessage();
                    reconnectLater();
                    return;
                }
                this.socket = ws;
                if (this.closed) {
                    ws.abort();
                    return;
                }
                ws.sendText(Json.mapper().writeValueAsString(new Hello(this.token, this.lastEventId)), true);
            });
    }

    private void reconnectLater() {
        if (this.closed) {
            return;
        }
        Duration wait = this.backoff.backoff(this.attempt.getAndIncrement());
        this.reconnects.incrementAndGet();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(wait);
                connect();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void onFrame(WebSocket ws, ServerFrame frame, long receivedAt) {
        switch (frame) {
            case Welcome w -> {
                this.welcome = w;
                this.attempt.set(0);
                this.welcomed.countDown();
            }
            case UpdateFrame update -> {
                String cursor = this.lastEventId;
                if (cursor != null && EventIds.compare(update.eventId(), cursor) <= 0) {
                    this.listener.onRepeated(update);
                }
                else {
                    this.lastEventId = update.eventId();
                    this.listener.onUpdate(update, receivedAt);
                }
            }
            case Ping ping -> ws.sendText(PONG, true).exceptionally((ex) -> null);
            case ErrorFrame error -> this.failure = "error frame " + error.code() + ": " + error.message();
            case Pong pong -> {
            }
        }
    }

    /** Listener of one connection; a dropped connection triggers one reconnect. */
    private final class Connection implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        private final AtomicBoolean ended = new AtomicBoolean();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long receivedAt = System.nanoTime();
            this.partial.append(data);
            if (last) {
                String text = this.partial.toString();
                this.partial.setLength(0);
                onFrame(ws, Json.mapper().readValue(text, ServerFrame.class), receivedAt);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (statusCode == CloseCodes.POLICY_VIOLATION) {
                UpdateSocket.this.failure = "closed 1008 (token refused): " + reason;
                UpdateSocket.this.closed = true;
            }
            ended();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            UpdateSocket.this.failure = "socket error: " + error;
            ended();
        }

        private void ended() {
            if (this.ended.compareAndSet(false, true)) {
                reconnectLater();
            }
        }

    }

}

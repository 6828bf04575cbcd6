package io.backchannel.load.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.Accepted;
import io.backchannel.contracts.ws.Authenticated;
import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.contracts.ws.EventFrame;
import io.backchannel.contracts.ws.Hello;
import io.backchannel.contracts.ws.Ping;
import io.backchannel.contracts.ws.Pong;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.Submit;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Welcome;
import io.backchannel.load.rawhttp.RawHttp;
import io.backchannel.load.rawws.TextSocket;

/**
 * One client socket on {@code /ws}, as the browser client keeps it: says hello with its
 * token and the last event id it has, passes each new event to its listener once (events
 * at or below its cursor are dropped), answers pings, and when the socket drops or the
 * node restarts (1012) reconnects with backoff to the next node of {@code nodes} and
 * resumes from its cursor. A 1008 (bad token) ends it.
 */
public final class UpdateSocket extends ReconnectingSocket {

    private static final byte[] PONG = Json.mapper().writeValueAsBytes(new Pong());

    private final String token;

    private final UpdateListener listener;

    private volatile String lastEventId;

    private volatile Welcome welcome;

    private final Map<String, CompletableFuture<ServerFrame>> answers = new ConcurrentHashMap<>();

    private UpdateSocket(RawHttp raw, Supplier<URI> nodes, String token, UpdateListener listener, RetryPolicy backoff) {
        super(raw, nodes, backoff);
        this.token = token;
        this.listener = listener;
    }

    /**
     * Connects to {@code nodes.get()} (a node's base URL) and waits for the welcome.
     * @throws IllegalStateException when no welcome came within {@code timeout}
     */
    public static UpdateSocket open(RawHttp raw, Supplier<URI> nodes, String token, UpdateListener listener,
            RetryPolicy backoff, Duration timeout) throws InterruptedException {
        UpdateSocket socket = new UpdateSocket(raw, nodes, token, listener, backoff);
        socket.connect(timeout, "welcome");
        return socket;
    }

    /** The latest welcome: which node holds the socket now. */
    public Welcome welcome() {
        return this.welcome;
    }

    public String lastEventId() {
        return this.lastEventId;
    }

    @Override
    protected URI address(URI node) {
        return Nodes.socketUri(node);
    }

    @Override
    protected void opened(TextSocket ws) {
        ws.sendText(Json.mapper().writeValueAsBytes(new Hello(this.token, this.lastEventId)));
    }

    @Override
    protected void onMessage(TextSocket ws, byte[] text, long receivedAt) {
        switch (Json.mapper().readValue(text, ServerFrame.class)) {
            case Welcome w -> {
                this.welcome = w;
                ready();
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
            case Ping ping -> ws.sendText(PONG);
            case Accepted accepted -> answered(accepted.correlationId(), accepted);
            case ErrorFrame error when error.correlationId() != null -> answered(error.correlationId(), error);
            case ErrorFrame error -> problem("error frame " + error.code() + ": " + error.message());
            case Pong pong -> {
            }
            case Authenticated authenticated -> {
            }
            // The load test publishes nothing.
            case EventFrame event -> problem("unexpected event frame " + event.id());
        }
    }

    /**
     * Sends a request over this socket ({@code submit}, protocol v1 with socket submits)
     * and returns its answer: an {@link Accepted} or an {@link ErrorFrame} naming it.
     * Fails when the socket is down or drops before the answer; the caller sends it
     * again.
     */
    public CompletableFuture<ServerFrame> submit(Submit submit) {
        CompletableFuture<ServerFrame> answer = new CompletableFuture<>();
        this.answers.put(submit.correlationId(), answer);
        try {
            send(Json.mapper().writeValueAsString(submit));
        }
        catch (IOException ex) {
            this.answers.remove(submit.correlationId(), answer);
            answer.completeExceptionally(ex);
        }
        return answer;
    }

    /** Whether the node holding the socket takes submits, as its welcome says. */
    public boolean takesSubmits() {
        Welcome current = this.welcome;
        return current != null && current.maxSubmitsInFlight() != null && current.maxSubmitsInFlight() > 0;
    }

    @Override
    protected void dropped() {
        IOException gone = new IOException("socket closed before the answer");
        this.answers.forEach((id, answer) -> {
            if (this.answers.remove(id, answer)) {
                answer.completeExceptionally(gone);
            }
        });
    }

    private void answered(String correlationId, ServerFrame frame) {
        CompletableFuture<ServerFrame> answer = this.answers.remove(correlationId);
        if (answer != null) {
            answer.complete(frame);
        }
    }

    @Override
    protected void onClose(int statusCode, String reason) {
        if (statusCode == CloseCodes.POLICY_VIOLATION) {
            stop("closed 1008 (token refused): " + reason);
        }
    }

}

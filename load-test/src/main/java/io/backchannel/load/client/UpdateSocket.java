package io.backchannel.load.client;

import java.net.URI;
import java.time.Duration;
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
            case ErrorFrame error -> problem("error frame " + error.code() + ": " + error.message());
            case Pong pong -> {
            }
        }
    }

    @Override
    protected void onClose(int statusCode, String reason) {
        if (statusCode == CloseCodes.POLICY_VIOLATION) {
            stop("closed 1008 (token refused): " + reason);
        }
    }

}

package io.backchannel.load.socketio;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.ReconnectingSocket;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.UpdateListener;
import io.backchannel.load.rawhttp.RawHttp;
import io.backchannel.load.rawws.TextSocket;
import io.backchannel.load.socketio.Packets.Connect;
import io.backchannel.load.socketio.Packets.ConnectError;
import io.backchannel.load.socketio.Packets.Disconnect;
import io.backchannel.load.socketio.Packets.Event;
import io.backchannel.load.socketio.Packets.Open;
import io.backchannel.load.socketio.Packets.Ping;

/**
 * One Socket.IO client socket on a baseline server, as socket.io-client keeps it with the
 * WebSocket transport: on Engine.IO's open it connects to the main namespace with
 * {@code auth: {clientId}} (the server puts it in the client's room), answers every ping
 * with a pong, waits for the server's {@code welcome} event (which names the server), and
 * passes each {@code update} event to its listener. When the socket drops it reconnects
 * to the next node; updates emitted meanwhile are gone (the baseline keeps no inbox).
 */
public final class SocketIoSocket extends ReconnectingSocket {

    /** Engine.IO v4 over WebSocket from the start, no polling. */
    static final String PATH = "/socket.io/?EIO=4&transport=websocket";

    private final Map<String, String> auth;

    private final UpdateListener listener;

    private final AtomicLong events = new AtomicLong();

    private volatile String nodeId;

    private SocketIoSocket(RawHttp raw, Supplier<URI> nodes, String clientId, UpdateListener listener,
            RetryPolicy backoff) {
        super(raw, nodes, backoff);
        this.auth = Map.of("clientId", clientId);
        this.listener = listener;
    }

    /**
     * Connects to {@code nodes.get()} (a server's base URL) and waits for the welcome.
     * @throws IllegalStateException when no welcome came within {@code timeout}
     */
    public static SocketIoSocket open(RawHttp raw, Supplier<URI> nodes, String clientId, UpdateListener listener,
            RetryPolicy backoff, Duration timeout) throws InterruptedException {
        SocketIoSocket socket = new SocketIoSocket(raw, nodes, clientId, listener, backoff);
        socket.connect(timeout, "welcome event");
        return socket;
    }

    /** The server that holds the socket now, as its welcome named it. */
    public String nodeId() {
        return this.nodeId;
    }

    @Override
    protected URI address(URI node) {
        return Nodes.socketUri(node, PATH);
    }

    @Override
    protected void opened(TextSocket ws) {
        // The server speaks first (Engine.IO open).
    }

    @Override
    protected void onMessage(TextSocket ws, byte[] text, long receivedAt) {
        switch (Packets.parse(new String(text, StandardCharsets.UTF_8))) {
            case Open open -> ws.sendText(Packets.connect(this.auth));
            case Ping ping -> ws.sendText(Packets.pong(ping));
            case Connect connect -> {
                // In the room now; the welcome event follows.
            }
            case ConnectError error -> stop("connect_error: " + error.data());
            case Event event when "welcome".equals(event.name()) -> {
                this.nodeId = event.args().isEmpty() ? null : event.args().get(0).path("nodeId").asString(null);
                ready();
            }
            case Event event when "update".equals(event.name()) && !event.args().isEmpty() -> this.listener.onUpdate(
                    BaselineUpdates.frame(event.args().get(0), this.nodeId, this.events.incrementAndGet()), receivedAt);
            case Disconnect disconnect -> {
                problem("the server disconnected the namespace " + disconnect.namespace());
                ws.close(CloseCodes.NORMAL, "disconnected");
            }
            default -> {
                // pong, noop, close (the WebSocket closes next), other events
            }
        }
    }

}

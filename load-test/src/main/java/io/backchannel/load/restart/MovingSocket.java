package io.backchannel.load.restart;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.Hello;
import io.backchannel.contracts.ws.Ping;
import io.backchannel.contracts.ws.Pong;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.Welcome;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.ReconnectingSocket;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.rawhttp.RawHttp;
import io.backchannel.load.rawws.TextSocket;

/**
 * An idle client socket that, like the JS client, reconnects after a draining node's
 * close within the spread its reason names ("reconnect within 1000 ms"), at a random
 * point of it, and otherwise with backoff; it keeps which node welcomed it, when its last
 * connection was closed and with which code, and how long each move took.
 */
final class MovingSocket extends ReconnectingSocket {

    private static final Pattern SPREAD = Pattern.compile("reconnect within (\\d+) ms");

    private static final byte[] PONG = Json.mapper().writeValueAsBytes(new Pong());

    private final String token;

    private final Moves moves;

    private final AtomicInteger failedAttempts = new AtomicInteger();

    private volatile String node;

    /**
     * When the last connection was closed by the server (nanoTime), or 0 while connected.
     */
    private volatile long closedAt;

    private volatile int closeCode;

    private MovingSocket(RawHttp raw, Supplier<URI> frontDoor, String token, Moves moves) {
        super(raw, frontDoor, RetryPolicy.defaults());
        this.token = token;
        this.moves = moves;
    }

    static MovingSocket open(RawHttp raw, Supplier<URI> frontDoor, String token, Moves moves, Duration timeout)
            throws InterruptedException {
        MovingSocket socket = new MovingSocket(raw, frontDoor, token, moves);
        socket.connect(timeout, "welcome");
        return socket;
    }

    /** The node that welcomed it last. */
    String node() {
        return this.node;
    }

    int failedAttempts() {
        return this.failedAttempts.get();
    }

    @Override
    protected URI address(URI base) {
        return Nodes.socketUri(base);
    }

    @Override
    protected void opened(TextSocket ws) {
        ws.sendText(Json.mapper().writeValueAsBytes(new Hello(this.token, null)));
    }

    @Override
    protected void onMessage(TextSocket ws, byte[] text, long receivedAt) {
        switch (Json.mapper().readValue(text, ServerFrame.class)) {
            case Welcome welcome -> {
                long closed = this.closedAt;
                if (closed != 0) {
                    this.moves.back(this.node, welcome.nodeId(), this.closeCode, receivedAt - closed);
                    this.closedAt = 0;
                }
                this.node = welcome.nodeId();
                ready();
            }
            case Ping ping -> ws.sendText(PONG);
            default -> {
            }
        }
    }

    /**
     * A close while the socket is away already (closed again before any welcome) is a
     * bounce: the move goes on, timed from the first close.
     */
    @Override
    protected void onClose(int statusCode, String reason) {
        boolean bounce = this.closedAt != 0;
        if (!bounce) {
            this.closedAt = System.nanoTime();
            this.closeCode = statusCode;
        }
        this.moves.closed(this.node, statusCode, bounce);
    }

    /** Whether it was closed and not welcomed since. */
    boolean away() {
        return this.closedAt != 0;
    }

    @Override
    protected Duration reconnectWait(int statusCode, String reason) {
        return spreadWait(reason);
    }

    /**
     * A random wait within the spread a close reason names, capped at 30 s as the JS
     * client caps it; null when it names none.
     */
    static Duration spreadWait(String reason) {
        Matcher spread = SPREAD.matcher((reason != null) ? reason : "");
        if (!spread.find()) {
            return null;
        }
        long within = Math.min(Long.parseLong(spread.group(1)), 30_000);
        return Duration.ofMillis((within > 0) ? ThreadLocalRandom.current().nextLong(within + 1) : 0);
    }

    @Override
    protected void connectFailed(String why) {
        this.failedAttempts.incrementAndGet();
        this.moves.failedAttempt();
    }

    /** Where the sockets' moves are counted. */
    interface Moves {

        /** A close; {@code bounce} when the socket was away already. */
        void closed(String node, int code, boolean bounce);

        /**
         * A socket closed with {@code code} on {@code from} was welcomed by {@code to}.
         */
        void back(String from, String to, int code, long nanos);

        void failedAttempt();

    }

}

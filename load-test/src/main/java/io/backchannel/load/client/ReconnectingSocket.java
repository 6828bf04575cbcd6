package io.backchannel.load.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.load.rawhttp.RawHttp;
import io.backchannel.load.rawws.TextSocket;

/**
 * A client's text WebSocket to one node of several, as a browser keeps it: whole text
 * messages go to {@link #onMessage}, and when the socket drops it reconnects with backoff
 * to the next node of {@code nodes}. Subclasses speak the protocol on top: what to say
 * first, when the socket counts as ready ({@link #ready()}), and when to give up for good
 * ({@link #stop}). The sockets are {@link TextSocket}s read by the selector threads of a
 * {@link RawHttp}: messages arrive on one of those, so handle them quickly.
 */
public abstract class ReconnectingSocket implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final RawHttp raw;

    private final Supplier<URI> nodes;

    private final RetryPolicy backoff;

    private final CountDownLatch readyOnce = new CountDownLatch(1);

    private final AtomicInteger reconnects = new AtomicInteger();

    private final AtomicInteger attempt = new AtomicInteger();

    private volatile TextSocket socket;

    /** A wait the server asked for when it closed the last connection, used once. */
    private volatile Duration hinted;

    private volatile String failure;

    private volatile boolean closed;

    private volatile boolean stopped;

    protected ReconnectingSocket(RawHttp raw, Supplier<URI> nodes, RetryPolicy backoff) {
        this.raw = raw;
        this.nodes = nodes;
        this.backoff = backoff;
    }

    /** The socket's address on the node whose base URL is {@code node}. */
    protected abstract URI address(URI node);

    /** A connection opened: say what the protocol says first, if anything. */
    protected abstract void opened(TextSocket ws);

    /**
     * One whole text message, UTF-8; {@code receivedAt} is {@link System#nanoTime}.
     */
    protected abstract void onMessage(TextSocket ws, byte[] text, long receivedAt);

    /** The server closed the connection; it is reconnected unless this {@link #stop}s. */
    protected void onClose(int statusCode, String reason) {
    }

    /**
     * How long to wait before reconnecting after the server closed with this code and
     * reason, instead of the backoff; null (the default) for the backoff. A client that
     * honours a draining node's hint, as the JS client does, says so here.
     */
    protected Duration reconnectWait(int statusCode, String reason) {
        return null;
    }

    /** A connection attempt failed (refused, reset, or the upgrade was refused). */
    protected void connectFailed(String why) {
    }

    /** The protocol's handshake is done: the first one ends {@link #connect}'s wait. */
    protected final void ready() {
        this.attempt.set(0);
        this.readyOnce.countDown();
    }

    /** Gives up for good: no more reconnects, and {@link #connect} fails at once. */
    protected final void stop(String why) {
        this.failure = why;
        this.stopped = true;
        this.closed = true;
        this.readyOnce.countDown();
    }

    /** Something went wrong that a reconnect may cure. */
    protected final void problem(String why) {
        this.failure = why;
    }

    /**
     * Connects and waits for {@link #ready()}.
     * @param what what makes it ready, for the message
     * @throws IllegalStateException when it did not come within {@code timeout}, or the
     * socket stopped (it is closed)
     */
    protected final void connect(Duration timeout, String what) throws InterruptedException {
        connect();
        if (!this.readyOnce.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || this.stopped) {
            close();
            throw new IllegalStateException("no " + what + " within " + timeout.toMillis() + " ms"
                    + ((this.failure != null) ? ": " + this.failure : ""));
        }
    }

    public int reconnects() {
        return this.reconnects.get();
    }

    /**
     * Why the socket stopped for good, or the last connection error; or null.
     */
    public String failure() {
        return this.failure;
    }

    @Override
    public void close() {
        this.closed = true;
        TextSocket current = this.socket;
        if (current != null) {
            current.close(CloseCodes.NORMAL, "done");
        }
    }

    /**
     * Sends a text message on the current socket.
     * @throws IOException when there is no open socket (the caller sends it again later)
     */
    protected final void send(String text) throws IOException {
        TextSocket current = this.socket;
        if (current == null || current.isClosed()) {
            throw new IOException("no open socket");
        }
        current.sendText(text);
    }

    /**
     * Called once for each connection that ended, before the reconnect; by default
     * nothing.
     */
    protected void dropped() {
    }

    private void connect() {
        if (this.closed) {
            return;
        }
        URI uri = address(this.nodes.get());
        TextSocket ws;
        try {
            ws = TextSocket.connect(this.raw.loop(), uri, new Connection(), CONNECT_TIMEOUT);
        }
        catch (IOException | RuntimeException ex) {
            this.failure = "connect " + uri + ": " + ex.getMessage();
            connectFailed(this.failure);
            reconnectLater();
            return;
        }
        this.socket = ws;
        if (this.closed) {
            ws.close(CloseCodes.NORMAL, "done");
            return;
        }
        opened(ws);
        ws.listen();
    }

    private void reconnectLater() {
        if (this.closed) {
            return;
        }
        Duration hint = this.hinted;
        this.hinted = null;
        Duration wait = (hint != null) ? hint : this.backoff.backoff(this.attempt.getAndIncrement());
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

    /** Listener of one connection; its close triggers one reconnect. */
    private final class Connection implements TextSocket.Listener {

        @Override
        public void onText(TextSocket ws, byte[] text, long receivedAt) {
            onMessage(ws, text, receivedAt);
        }

        @Override
        public void onClosed(TextSocket ws, int code, String reason) {
            if (code == TextSocket.ABNORMAL) {
                ReconnectingSocket.this.failure = "socket error: " + reason;
            }
            else {
                ReconnectingSocket.this.onClose(code, reason);
                ReconnectingSocket.this.hinted = reconnectWait(code, reason);
            }
            dropped();
            reconnectLater();
        }

    }

}

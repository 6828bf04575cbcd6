package io.backchannel.load.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.backchannel.contracts.ws.CloseCodes;

/**
 * A client's text WebSocket (the JDK's) to one node of several, as a browser keeps it:
 * whole text messages go to {@link #onMessage}, and when the socket drops it reconnects
 * with backoff to the next node of {@code nodes}. Subclasses speak the protocol on top:
 * what to say first, when the socket counts as ready ({@link #ready()}), and when to give
 * up for good ({@link #stop}).
 */
public abstract class ReconnectingSocket implements AutoCloseable {

    private final HttpClient http;

    private final Supplier<URI> nodes;

    private final RetryPolicy backoff;

    private final CountDownLatch readyOnce = new CountDownLatch(1);

    private final ReentrantLock sending = new ReentrantLock();

    private final AtomicInteger reconnects = new AtomicInteger();

    private final AtomicInteger attempt = new AtomicInteger();

    private volatile WebSocket socket;

    private volatile String failure;

    private volatile boolean closed;

    private volatile boolean stopped;

    protected ReconnectingSocket(HttpClient http, Supplier<URI> nodes, RetryPolicy backoff) {
        this.http = http;
        this.nodes = nodes;
        this.backoff = backoff;
    }

    /** The socket's address on the node whose base URL is {@code node}. */
    protected abstract URI address(URI node);

    /** A connection opened: say what the protocol says first, if anything. */
    protected abstract void opened(WebSocket ws);

    /** One whole text message; {@code receivedAt} is {@link System#nanoTime}. */
    protected abstract void onMessage(WebSocket ws, String text, long receivedAt);

    /** The server closed the connection; it is reconnected unless this {@link #stop}s. */
    protected void onClose(int statusCode, String reason) {
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
        WebSocket current = this.socket;
        if (current != null) {
            current.sendClose(CloseCodes.NORMAL, "done").exceptionally((ex) -> null);
            current.abort();
        }
    }

    /**
     * Sends a text frame on the current socket, after any send still under way (the JDK
     * socket takes one at a time); fails when there is no open socket.
     */
    protected final void send(String text) throws IOException {
        WebSocket current = this.socket;
        if (current == null || current.isOutputClosed()) {
            throw new IOException("no open socket");
        }
        this.sending.lock();
        try {
            current.sendText(text, true).get(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", ex);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IOException("send failed: " + ex, ex);
        }
        finally {
            this.sending.unlock();
        }
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
                opened(ws);
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
                onMessage(ws, text, receivedAt);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ReconnectingSocket.this.onClose(statusCode, reason);
            ended();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ReconnectingSocket.this.failure = "socket error: " + error;
            ended();
        }

        private void ended() {
            if (this.ended.compareAndSet(false, true)) {
                dropped();
                reconnectLater();
            }
        }

    }

}

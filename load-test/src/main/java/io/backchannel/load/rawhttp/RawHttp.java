package io.backchannel.load.rawhttp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lean HTTP/1.1 client for plain {@code http} servers: keep-alive connections pooled
 * per server (the most recently used is taken first, none is used by two requests at
 * once), requests written as bytes by the calling thread, answers read and parsed by a
 * few shared selector threads ({@link IoLoop}). A call blocks its thread (run it on a
 * virtual thread) until the answer, a failure ({@link IOException}: the connection could
 * not be made, or ended before the whole answer), or its timeout. Nothing is retried
 * here: a failed request is the caller's to send again.
 */
public final class RawHttp implements AutoCloseable {

    /**
     * A connection idle for longer is not used again: a server may close it meanwhile
     * (the Node baseline does after 5 s), and a request sent as it does would fail.
     */
    static final long IDLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(4);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final List<IoLoop> loops = new ArrayList<>();

    private final AtomicInteger nextLoop = new AtomicInteger();

    private final Map<URI, Pool> pools = new ConcurrentHashMap<>();

    private final LongAdder connects = new LongAdder();

    private final AtomicInteger open = new AtomicInteger();

    /** A client with {@code loops} selector threads. */
    public RawHttp(int loops) throws IOException {
        for (int i = 0; i < loops; i++) {
            this.loops.add(new IoLoop("raw-http-" + i));
        }
    }

    /** A client with one selector thread. */
    public static RawHttp create() {
        try {
            return new RawHttp(1);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot open a selector", ex);
        }
    }

    /** Connections opened so far. */
    public long connects() {
        return this.connects.sum();
    }

    /** Connections open now, busy or idle. */
    public int openConnections() {
        return this.open.get();
    }

    /**
     * Sends {@code method path} with {@code headers} (whole lines, each ending in CRLF)
     * and {@code body} to the server at {@code base} ({@code http://host:port}), and
     * waits for the answer.
     * @throws IOException when no whole answer came; {@link HttpTimeoutException} when
     * none within {@code timeout}
     * @throws IllegalArgumentException when {@code base} is not an {@code http} URL
     */
    public HttpAnswer send(URI base, String method, String path, String headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pool pool = this.pools.computeIfAbsent(base, Pool::new);
        ByteBuffer request = pool.encode(method, path, headers, body);
        HttpConnection connection = pool.take();
        if (connection == null) {
            connection = connect(pool, deadline);
        }
        Exchange exchange = new Exchange();
        connection.send(exchange, request);
        Object outcome;
        try {
            outcome = exchange.await(deadline);
        }
        catch (InterruptedException ex) {
            connection.close(new IOException("interrupted"));
            throw ex;
        }
        if (outcome instanceof HttpAnswer answer) {
            if (!connection.isClosed()) {
                pool.release(connection);
            }
            return answer;
        }
        if (outcome instanceof IOException failure) {
            connection.close(failure);
            throw new IOException(failure.getMessage(), failure);
        }
        connection.close(new IOException("timed out"));
        throw new HttpTimeoutException(method + " " + base + path + ": no answer within " + timeout.toMillis() + " ms");
    }

    /** One of the selector threads, in turn: for other connections to share them. */
    public IoLoop loop() {
        return this.loops.get(Math.floorMod(this.nextLoop.getAndIncrement(), this.loops.size()));
    }

    /** Closes every connection and stops the selector threads. */
    @Override
    public void close() throws InterruptedException {
        for (IoLoop loop : this.loops) {
            loop.close();
        }
    }

    private HttpConnection connect(Pool pool, long deadline) throws IOException {
        long left = Math.min(CONNECT_TIMEOUT.toNanos(), deadline - System.nanoTime());
        if (left <= 0) {
            throw new HttpTimeoutException("connect " + pool.address + ": timed out");
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(pool.address, (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            channel.configureBlocking(false);
        }
        catch (IOException ex) {
            channel.close();
            throw ex;
        }
        this.connects.increment();
        this.open.incrementAndGet();
        return new HttpConnection(channel, loop(), this.open::decrementAndGet);
    }

    /** The idle connections to one server, the most recently used first. */
    private static final class Pool {

        private final InetSocketAddress address;

        private final String host;

        private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();

        Pool(URI base) {
            if (!"http".equals(base.getScheme()) || base.getHost() == null) {
                throw new IllegalArgumentException("not an http://host[:port] URL: " + base);
            }
            int port = (base.getPort() > 0) ? base.getPort() : 80;
            this.address = new InetSocketAddress(base.getHost(), port);
            this.host = base.getHost() + ((base.getPort() > 0) ? ":" + port : "");
        }

        ByteBuffer encode(String method, String path, String headers, byte[] body) {
            String head = method + " " + path + " HTTP/1.1\r\nHost: " + this.host + "\r\n" + headers
                    + "Content-Length: " + body.length + "\r\n\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
            if (body.length == 0) {
                return ByteBuffer.wrap(headBytes);
            }
            byte[] bytes = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, bytes, headBytes.length, body.length);
            return ByteBuffer.wrap(bytes);
        }

        HttpConnection take() {
            long now = System.nanoTime();
            HttpConnection connection;
            while ((connection = this.idle.pollFirst()) != null) {
                if (connection.isClosed()) {
                    continue;
                }
                if (now - connection.idleSince > IDLE_LIMIT_NANOS) {
                    connection.close(new IOException("idle too long"));
                    continue;
                }
                return connection;
            }
            return null;
        }

        void release(HttpConnection connection) {
            connection.idleSince = System.nanoTime();
            this.idle.offerFirst(connection);
            // The least recently used may have been closed or gone stale meanwhile.
            HttpConnection oldest = this.idle.peekLast();
            if (oldest != null && oldest != connection
                    && (oldest.isClosed() || connection.idleSince - oldest.idleSince > IDLE_LIMIT_NANOS)
                    && this.idle.removeLastOccurrence(oldest)) {
                oldest.close(new IOException("idle too long"));
            }
        }

    }

}

package io.backchannel.load.rawhttp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread reading many non-blocking connections. Any thread may write to an
 * {@link Endpoint} (what the channel does not take at once is queued and flushed here);
 * every read happens here and goes to the endpoint, which must handle it quickly. A
 * connection's read interest stays on for its whole life, so a request costs no selector
 * change and no wakeup, and a connection the server closes while idle is seen at once.
 */
public final class IoLoop implements AutoCloseable {

    private final Selector selector;

    private final Queue<Endpoint> registrations = new ConcurrentLinkedQueue<>();

    private final Queue<Endpoint> writers = new ConcurrentLinkedQueue<>();

    private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

    private final Thread thread;

    private volatile boolean running = true;

    public IoLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /** Starts reading {@code endpoint}'s channel (connected, non-blocking). */
    void register(Endpoint endpoint) {
        this.registrations.add(endpoint);
        this.selector.wakeup();
        if (!this.running && this.registrations.remove(endpoint)) {
            endpoint.close(new IOException("the I/O loop stopped"));
        }
    }

    /** Closes every connection and stops the thread. */
    @Override
    public void close() throws InterruptedException {
        this.running = false;
        this.selector.wakeup();
        this.thread.join(10_000);
    }

    private void run() {
        try {
            while (this.running) {
                Endpoint endpoint;
                while ((endpoint = this.registrations.poll()) != null) {
                    attach(endpoint);
                }
                while ((endpoint = this.writers.poll()) != null) {
                    SelectionKey key = endpoint.key;
                    if (key != null && key.isValid()) {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    }
                }
                this.selector.select();
                Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(key, (Endpoint) key.attachment());
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // Every endpoint fails below.
        }
        finally {
            this.running = false;
            IOException stopped = new IOException("the I/O loop stopped");
            this.selector.keys().forEach((key) -> ((Endpoint) key.attachment()).close(stopped));
            Endpoint endpoint;
            while ((endpoint = this.registrations.poll()) != null) {
                endpoint.close(stopped);
            }
            try {
                this.selector.close();
            }
            catch (IOException ex) {
                // closing anyway
            }
        }
    }

    private void attach(Endpoint endpoint) {
        try {
            endpoint.key = endpoint.channel.register(this.selector, SelectionKey.OP_READ, endpoint);
            endpoint.attached();
        }
        catch (IOException | RuntimeException ex) {
            fail(endpoint, ex);
        }
    }

    private void handle(SelectionKey key, Endpoint endpoint) {
        try {
            if (key.isWritable() && endpoint.flush()) {
                key.interestOps(SelectionKey.OP_READ);
            }
            if (key.isReadable()) {
                this.buffer.clear();
                int n = endpoint.channel.read(this.buffer);
                if (n < 0) {
                    endpoint.ended();
                    return;
                }
                this.buffer.flip();
                endpoint.received(this.buffer);
            }
        }
        catch (IOException | RuntimeException ex) {
            fail(endpoint, ex);
        }
    }

    private static void fail(Endpoint endpoint, Exception ex) {
        endpoint.close((ex instanceof IOException io) ? io : new IOException(ex.toString(), ex));
    }

    /**
     * One connection of a loop. Reads reach {@link #received} and {@link #ended} on the
     * loop's thread; {@link #send} and {@link #close} may be called from any thread.
     */
    public abstract static class Endpoint {

        protected final SocketChannel channel;

        private final IoLoop loop;

        private final AtomicBoolean closed = new AtomicBoolean();

        private volatile SelectionKey key;

        /** Output the channel did not take yet; null when none. Guarded by this. */
        private ArrayDeque<ByteBuffer> out;

        protected Endpoint(SocketChannel channel, IoLoop loop) {
            this.channel = channel;
            this.loop = loop;
        }

        /** Starts reading. */
        protected final void start() {
            this.loop.register(this);
        }

        /**
         * Writes {@code data} now as far as the channel takes it; the rest goes out from
         * the loop, in order.
         */
        public final void send(ByteBuffer data) throws IOException {
            synchronized (this) {
                if (this.out == null) {
                    this.channel.write(data);
                    if (!data.hasRemaining()) {
                        return;
                    }
                    this.out = new ArrayDeque<>();
                    this.out.add(data);
                }
                else {
                    this.out.add(data);
                    return;
                }
            }
            this.loop.writers.add(this);
            this.loop.selector.wakeup();
        }

        public final boolean isClosed() {
            return this.closed.get();
        }

        /** Closes the channel, once; {@link #closed} says why. */
        public final void close(IOException why) {
            if (!this.closed.compareAndSet(false, true)) {
                return;
            }
            try {
                this.channel.close();
            }
            catch (IOException ex) {
                // closed anyway
            }
            closed(why);
        }

        /**
         * Reading has started, on the loop's thread: input read before may be handled.
         */
        protected void attached() throws IOException {
        }

        /** Bytes read, in a buffer that is reused after this returns. */
        protected abstract void received(ByteBuffer in) throws IOException;

        /** The server ended the connection (end of stream); by default it is closed. */
        protected void ended() {
            close(new IOException("connection closed by the server"));
        }

        /** The connection was closed, by {@link #close} or because it failed. */
        protected abstract void closed(IOException why);

        /** Writes queued output; true when none is left. */
        private synchronized boolean flush() throws IOException {
            while (this.out != null && !this.out.isEmpty()) {
                ByteBuffer head = this.out.peek();
                this.channel.write(head);
                if (head.hasRemaining()) {
                    return false;
                }
                this.out.poll();
            }
            this.out = null;
            return true;
        }

    }

}

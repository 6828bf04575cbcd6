package io.backchannel.load.rawws;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many WebSocket clients of one server on one selector thread. Each socket is bound to a
 * source address its caller picks, connects, upgrades, says hello with its own token and
 * counts as open once welcomed; it then answers pings and passes updates to the listener.
 * At most {@code maxInProgress} sockets are between connect and welcome at a time, so the
 * server's accept queue is not flooded; one not welcomed within {@code handshakeTimeout}
 * fails.
 */
public final class SocketPool implements AutoCloseable {

    private final Selector selector;

    private final InetSocketAddress server;

    private final int maxInProgress;

    private final long handshakeTimeout;

    private final Wire wire;

    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

    private final LinkedHashSet<RawSocket> inProgress = new LinkedHashSet<>();

    private final AtomicInteger open = new AtomicInteger();

    private final AtomicInteger handshaking = new AtomicInteger();

    private final AtomicInteger failed = new AtomicInteger();

    private final AtomicInteger dropped = new AtomicInteger();

    private final Map<String, LongAdder> problems = new ConcurrentHashMap<>();

    private final Set<Integer> openIds = ConcurrentHashMap.newKeySet();

    private final Thread loop;

    private volatile boolean running = true;

    public SocketPool(InetSocketAddress server, String host, SocketListener listener, int maxInProgress,
            Duration handshakeTimeout) throws IOException {
        this.selector = Selector.open();
        this.server = server;
        this.maxInProgress = maxInProgress;
        this.handshakeTimeout = handshakeTimeout.toNanos();
        this.wire = new Wire(host, listener, this);
        this.loop = Thread.ofPlatform().name("socket-pool").daemon().start(this::run);
    }

    /** Queues a socket from {@code source} that will say hello with {@code token}. */
    public void open(int id, InetAddress source, String token) {
        this.requests.add(new Request(id, source, token));
        this.selector.wakeup();
    }

    public Counts counts() {
        return new Counts(this.requests.size(), this.handshaking.get(), this.open.get(), this.failed.get(),
                this.dropped.get());
    }

    /** The ids of the open sockets, in order. */
    public int[] openIds() {
        return this.openIds.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Why sockets failed or were closed, with how often. */
    public Map<String, Long> problems() {
        Map<String, Long> copy = new TreeMap<>();
        this.problems.forEach((reason, n) -> copy.put(reason, n.sum()));
        return copy;
    }

    /** Closes every socket (with a close frame) and stops the selector thread. */
    @Override
    public void close() throws InterruptedException {
        this.running = false;
        this.selector.wakeup();
        this.loop.join(10_000);
    }

    private void run() {
        long nextExpiry = System.nanoTime();
        try {
            while (this.running) {
                startQueued();
                this.selector.select(200);
                Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    this.wire.handle(key);
                }
                if (System.nanoTime() >= nextExpiry) {
                    expireHandshakes();
                    nextExpiry = System.nanoTime() + 1_000_000_000L;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            problem("selector loop: " + ex);
        }
        finally {
            this.selector.keys().forEach((key) -> this.wire.goodbye((RawSocket) key.attachment()));
            try {
                this.selector.close();
            }
            catch (IOException ex) {
                // closing anyway
            }
        }
    }

    private void startQueued() {
        Request request;
        while (this.handshaking.get() < this.maxInProgress && (request = this.requests.poll()) != null) {
            this.handshaking.incrementAndGet();
            RawSocket socket = null;
            try {
                SocketChannel channel = SocketChannel.open();
                socket = new RawSocket(request.id(), channel, request.token());
                this.inProgress.add(socket);
                channel.configureBlocking(false);
                channel.bind(new InetSocketAddress(request.source(), 0));
                SelectionKey key = channel.register(this.selector, SelectionKey.OP_CONNECT, socket);
                if (channel.connect(this.server)) {
                    this.wire.connected(key);
                }
            }
            catch (IOException | RuntimeException ex) {
                if (socket != null) {
                    end(socket, "connect: " + ex.getMessage());
                }
                else {
                    this.handshaking.decrementAndGet();
                    this.failed.incrementAndGet();
                    problem("open: " + ex.getMessage());
                }
            }
        }
    }

    private void expireHandshakes() {
        long now = System.nanoTime();
        Iterator<RawSocket> oldest = this.inProgress.iterator();
        while (oldest.hasNext()) {
            RawSocket socket = oldest.next();
            if (now - socket.startedAt < this.handshakeTimeout) {
                return;
            }
            oldest.remove();
            end(socket, "no welcome within " + this.handshakeTimeout / 1_000_000_000L + " s (stuck in " + socket.state
                    + ")");
        }
    }

    /** The socket said hello and was welcomed. */
    void welcomed(RawSocket socket) {
        if (this.inProgress.remove(socket)) {
            this.handshaking.decrementAndGet();
            this.open.incrementAndGet();
            this.openIds.add(socket.id);
        }
    }

    /** Closes a socket for {@code reason}, counting it as failed or dropped. */
    void end(RawSocket socket, String reason) {
        if (socket.state == RawSocket.State.CLOSED) {
            return;
        }
        boolean wasOpen = socket.state == RawSocket.State.OPEN;
        socket.state = RawSocket.State.CLOSED;
        try {
            socket.channel.close();
        }
        catch (IOException ex) {
            // closed anyway
        }
        if (wasOpen) {
            this.openIds.remove(socket.id);
            this.open.decrementAndGet();
            this.dropped.incrementAndGet();
        }
        else {
            this.inProgress.remove(socket);
            this.handshaking.decrementAndGet();
            this.failed.incrementAndGet();
        }
        problem(reason);
    }

    void problem(String reason) {
        this.problems.computeIfAbsent(reason, (r) -> new LongAdder()).increment();
    }

    private record Request(int id, InetAddress source, String token) {

    }

    /**
     * Sockets of a pool at one moment.
     *
     * @param queued waiting to start
     * @param handshaking between connect and welcome
     * @param open welcomed and still open
     * @param failed never got to open
     * @param dropped were open, then closed by the server or the network
     */
    public record Counts(int queued, int handshaking, int open, int failed, int dropped) {

    }

}

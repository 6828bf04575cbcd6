package io.backchannel.load.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Many {@link Client}s sharing one {@link Tally}: client {@code i} gets its socket on
 * node {@code i} (round robin over the nodes), and moves on to the following nodes when
 * its socket reconnects.
 *
 * @param <C> the clients' protocol
 */
public final class Fleet<C extends Client> implements AutoCloseable {

    private final List<C> clients;

    private Fleet(List<C> clients) {
        this.clients = clients;
    }

    /**
     * Opens {@code size} Backchannel clients, a few at a time, each with its session from
     * node {@code i} and waiting at most {@code timeout} for its welcome.
     * @throws IllegalStateException when a client could not be opened (the others are
     * closed)
     */
    public static Fleet<LoadClient> open(Api api, Nodes nodes, int size, Tally tally, RetryPolicy backoff,
            Duration timeout) throws InterruptedException {
        return open(size, (i, socketNodes) -> LoadClient.open(api, nodes.node(i), socketNodes, tally, backoff, timeout),
                nodes);
    }

    /**
     * Opens {@code size} clients with {@code opener}, a few at a time; client {@code i}
     * is given the nodes from node {@code i} on, round robin, for its socket.
     * @throws IllegalStateException when a client could not be opened (the others are
     * closed)
     */
    public static <C extends Client> Fleet<C> open(int size, Opener<C> opener, Nodes nodes)
            throws InterruptedException {
        List<Future<C>> opening = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(Math.min(size, 16),
                Thread.ofVirtual().name("open-", 0).factory())) {
            for (int i = 0; i < size; i++) {
                int index = i;
                AtomicInteger next = new AtomicInteger(i);
                opening.add(executor
                    .submit((Callable<C>) () -> opener.open(index, () -> nodes.node(next.getAndIncrement()))));
            }
        }
        List<C> clients = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<C> future : opening) {
            try {
                clients.add(future.get());
            }
            catch (ExecutionException ex) {
                failure = (failure != null) ? failure : new IllegalStateException(
                        "opening a client failed: " + ex.getCause().getMessage(), ex.getCause());
            }
        }
        Fleet<C> fleet = new Fleet<>(List.copyOf(clients));
        if (failure != null) {
            fleet.close();
            throw failure;
        }
        return fleet;
    }

    public int size() {
        return this.clients.size();
    }

    public C client(int i) {
        return this.clients.get(Math.floorMod(i, this.clients.size()));
    }

    public C random() {
        return this.clients.get(ThreadLocalRandom.current().nextInt(this.clients.size()));
    }

    /** Reconnects of all sockets so far. */
    public int reconnects() {
        return this.clients.stream().mapToInt(Client::reconnects).sum();
    }

    @Override
    public void close() {
        this.clients.forEach(Client::close);
    }

    /**
     * Opens client {@code i}, whose socket asks {@code socketNodes} for a node each time
     * it connects.
     */
    @FunctionalInterface
    public interface Opener<C extends Client> {

        C open(int i, Supplier<URI> socketNodes) throws Exception;

    }

}

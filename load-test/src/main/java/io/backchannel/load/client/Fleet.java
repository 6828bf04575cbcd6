package io.backchannel.load.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many {@link LoadClient}s sharing one {@link Tally}: client {@code i} gets its session
 * from node {@code i} and its socket on node {@code i} (round robin over the nodes), and
 * moves on to the following nodes when its socket reconnects.
 */
public final class Fleet implements AutoCloseable {

    private final List<LoadClient> clients;

    private Fleet(List<LoadClient> clients) {
        this.clients = clients;
    }

    /**
     * Opens {@code size} clients, a few at a time, each waiting at most {@code timeout}
     * for its welcome.
     * @throws IllegalStateException when a client could not be opened (the others are
     * closed)
     */
    public static Fleet open(Api api, Nodes nodes, int size, Tally tally, RetryPolicy backoff, Duration timeout)
            throws InterruptedException {
        List<Future<LoadClient>> opening = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(Math.min(size, 16),
                Thread.ofVirtual().name("open-", 0).factory())) {
            for (int i = 0; i < size; i++) {
                AtomicInteger next = new AtomicInteger(i);
                opening.add(executor.submit(() -> LoadClient.open(api, nodes.node(next.get()),
                        () -> nodes.node(next.getAndIncrement()), tally, backoff, timeout)));
            }
        }
        List<LoadClient> clients = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<LoadClient> future : opening) {
            try {
                clients.add(future.get());
            }
            catch (ExecutionException ex) {
                failure = (failure != null) ? failure : new IllegalStateException(
                        "opening a client failed: " + ex.getCause().getMessage(), ex.getCause());
            }
        }
        Fleet fleet = new Fleet(List.copyOf(clients));
        if (failure != null) {
            fleet.close();
            throw failure;
        }
        return fleet;
    }

    public int size() {
        return this.clients.size();
    }

    public LoadClient client(int i) {
        return this.clients.get(Math.floorMod(i, this.clients.size()));
    }

    public LoadClient random() {
        return this.clients.get(ThreadLocalRandom.current().nextInt(this.clients.size()));
    }

    /** Reconnects of all sockets so far. */
    public int reconnects() {
        return this.clients.stream().mapToInt((client) -> client.socket().reconnects()).sum();
    }

    @Override
    public void close() {
        this.clients.forEach(LoadClient::close);
    }

}

package io.backchannel.load.restart;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.load.client.Api;

/**
 * One process's share of the restart scenario's sockets, each its own session through the
 * front door, and how they moved.
 */
final class SocketShare implements AutoCloseable {

    private final List<MovingSocket> sockets;

    private final MoveCounts moves;

    private final Map<String, Integer> placedBefore;

    private SocketShare(List<MovingSocket> sockets, MoveCounts moves) {
        this.sockets = sockets;
        this.moves = moves;
        this.placedBefore = placement();
    }

    /**
     * Opens {@code count} sockets through {@code lb}, {@code handshakes} at a time.
     * @throws IllegalStateException when any could not be opened
     */
    static SocketShare open(Api api, URI lb, int count, int handshakes) throws InterruptedException {
        MoveCounts moves = new MoveCounts();
        List<MovingSocket> sockets = Collections.synchronizedList(new ArrayList<>());
        Semaphore slots = new Semaphore(handshakes);
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService opening = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                slots.acquire();
                opening.submit(() -> {
                    try {
                        SessionGrant grant = api.session(lb);
                        sockets
                            .add(MovingSocket.open(api.raw(), () -> lb, grant.token(), moves, Duration.ofSeconds(30)));
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    catch (RuntimeException ex) {
                        if (failed.incrementAndGet() <= 3) {
                            System.out.println("a socket could not be opened: " + ex.getMessage());
                        }
                    }
                    finally {
                        slots.release();
                    }
                });
                if ((i + 1) % 2000 == 0) {
                    System.out.printf("opening sockets: %d of %d%n", i + 1, count);
                }
            }
        }
        if (failed.get() > 0) {
            sockets.forEach(MovingSocket::close);
            throw new IllegalStateException(failed.get() + " of " + count
                    + " sockets could not be opened (see above); is the front door's connection limit high enough?");
        }
        return new SocketShare(List.copyOf(sockets), moves);
    }

    int size() {
        return this.sockets.size();
    }

    MoveCounts moves() {
        return this.moves;
    }

    ShareLine.Ready ready() {
        return new ShareLine.Ready(size(), this.placedBefore);
    }

    ShareLine.Status status() {
        return this.moves.status();
    }

    /** What the sockets did up to now. */
    ShareLine.Totals totals() {
        long notBack = this.sockets.stream().filter(MovingSocket::away).count();
        return new ShareLine.Totals(size(), this.placedBefore, placement(), this.moves.closedByCode(), notBack,
                this.moves.bounces(), this.moves.failedAttempts(), this.moves.lastBackAt(),
                this.moves.reconnect().export());
    }

    private Map<String, Integer> placement() {
        Map<String, Integer> placed = new TreeMap<>();
        this.sockets.forEach((s) -> placed.merge(String.valueOf(s.node()), 1, Integer::sum));
        return placed;
    }

    @Override
    public void close() {
        this.sockets.forEach(MovingSocket::close);
    }

}

package io.backchannel.load.restart;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.backchannel.load.report.Latency;

/**
 * How one process's sockets moved: closes by code, sockets away, bounces, failed
 * connection attempts, how long each took from its close to its next welcome, and when
 * the last one came back.
 */
final class MoveCounts implements MovingSocket.Moves {

    private final Map<Integer, AtomicInteger> closedByCode = new ConcurrentHashMap<>();

    private final AtomicInteger away = new AtomicInteger();

    private final AtomicInteger failedAttempts = new AtomicInteger();

    private final AtomicInteger bounces = new AtomicInteger();

    private final Latency reconnect = new Latency();

    /**
     * Epoch nanoseconds rather than nanoTime: the restart is timed in another process,
     * and only the wall clock is common to both.
     */
    private final AtomicLong lastBackAt = new AtomicLong();

    @Override
    public void closed(String node, int code, boolean bounce) {
        this.closedByCode.computeIfAbsent(code, (c) -> new AtomicInteger()).incrementAndGet();
        if (bounce) {
            this.bounces.incrementAndGet();
        }
        else {
            this.away.incrementAndGet();
        }
    }

    @Override
    public void back(String from, String to, int code, long nanos) {
        this.reconnect.recordNanos(nanos);
        this.lastBackAt.accumulateAndGet(epochNanos(), Math::max);
        this.away.decrementAndGet();
    }

    @Override
    public void failedAttempt() {
        this.failedAttempts.incrementAndGet();
    }

    ShareLine.Status status() {
        return new ShareLine.Status(this.away.get(), this.reconnect.count(), this.bounces.get(),
                this.failedAttempts.get());
    }

    Latency reconnect() {
        return this.reconnect;
    }

    Map<Integer, Integer> closedByCode() {
        Map<Integer, Integer> closes = new TreeMap<>();
        this.closedByCode.forEach((code, count) -> closes.put(code, count.get()));
        return closes;
    }

    int bounces() {
        return this.bounces.get();
    }

    int failedAttempts() {
        return this.failedAttempts.get();
    }

    /**
     * When the last moved socket was welcomed again, in epoch nanoseconds; 0 if none was.
     */
    long lastBackAt() {
        return this.lastBackAt.get();
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

}

package io.backchannel.load.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop traffic: request {@code i} is due at {@code start + i / rate}, whatever
 * happened to the ones before, and is started on its own virtual thread at that time. A
 * request started late keeps its due time, so latency measured from it includes the wait:
 * a stalled system cannot hide its stall by slowing the sender down (no coordinated
 * omission).
 */
public final class SteadyRate {

    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private SteadyRate() {
    }

    /**
     * Sends for {@code duration} at {@code rate} per second; returns once the last
     * request is started (not finished).
     */
    public static Result run(double rate, Duration duration, Send send) throws InterruptedException {
        long start = System.nanoTime();
        long total = (long) Math.floor(rate * duration.toNanos() / 1e9);
        double interval = 1e9 / rate;
        long late = 0;
        long worst = 0;
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            long lag = -wait;
            if (lag > LATE_NANOS) {
                late++;
            }
            worst = Math.max(worst, lag);
            long index = i;
            Thread.ofVirtual().start(() -> send.send(index, due));
        }
        return new Result(total, late, worst / 1e6);
    }

    /**
     * One request of the stream; it runs on its own virtual thread and handles its own
     * errors.
     */
    @FunctionalInterface
    public interface Send {

        /**
         * @param index its number, from 0
         * @param due when it was due ({@link System#nanoTime})
         */
        void send(long index, long due);

    }

    /**
     * @param started requests started
     * @param late started more than 1 ms after their due time (the sender fell behind)
     * @param worstLagMillis the longest such lag
     */
    public record Result(long started, long late, double worstLagMillis) {

    }

}

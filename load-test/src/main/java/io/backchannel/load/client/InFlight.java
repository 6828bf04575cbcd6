package io.backchannel.load.client;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Bounds the requests of an open-loop stream that are in flight at once, and counts those
 * that have finished, so that a run can wait for a backlog to drain before it reports. A
 * request due while every slot is taken waits for one, first come first served.
 */
public final class InFlight {

    private final int max;

    private final Semaphore slots;

    private long finished;

    public InFlight(int max) {
        this.max = max;
        this.slots = new Semaphore(max, true);
    }

    public int max() {
        return this.max;
    }

    public void acquire() throws InterruptedException {
        this.slots.acquire();
    }

    /** Gives a slot back; the request it held has finished. */
    public void release() {
        this.slots.release();
        synchronized (this) {
            this.finished++;
            notifyAll();
        }
    }

    /** Counts a request that gave up before it got a slot (interrupted) as finished. */
    public synchronized void abandon() {
        this.finished++;
        notifyAll();
    }

    public synchronized long finished() {
        return this.finished;
    }

    /**
     * Waits until {@code total} requests have finished, at most {@code timeout}.
     * @return whether they all have
     */
    public synchronized boolean awaitFinished(long total, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long left;
        while (this.finished < total && (left = deadline - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return this.finished >= total;
    }

}

package io.backchannel.node.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task on a platform thread of its own, again {@code delay} after each run ends,
 * between its owner's start and stop. A platform thread, not a virtual one: work the node
 * does on a schedule (probing Redis, sweeping deadlines) must not wait for a carrier
 * while busy request threads hold them all.
 */
public final class FixedDelayTimer {

    private final String name;

    private final Duration delay;

    private final Runnable task;

    private ScheduledExecutorService timer;

    /**
     * @param name the thread's name, as thread dumps and log lines show it
     * @param delay the pause before the first run and after each
     * @param task what to run; an exception it throws ends the timer, so it handles its
     * own
     */
    public FixedDelayTimer(String name, Duration delay, Runnable task) {
        if (!delay.isPositive()) {
            throw new IllegalArgumentException("a timer's delay must be positive");
        }
        this.name = name;
        this.delay = delay;
        this.task = task;
    }

    /** Starts running the task; does nothing if it runs already. */
    public synchronized void start() {
        if (this.timer != null) {
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(this.name).daemon().factory());
        long every = this.delay.toMillis();
        this.timer.scheduleWithFixedDelay(this.task, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the timer: no run starts after this.
     * @param interrupt whether a run in progress is interrupted, or let finish
     * @return whether it was running
     */
    public synchronized boolean stop(boolean interrupt) {
        ScheduledExecutorService running = this.timer;
        this.timer = null;
        if (running == null) {
            return false;
        }
        if (interrupt) {
            running.shutdownNow();
        }
        else {
            running.shutdown();
        }
        return true;
    }

    public synchronized boolean isRunning() {
        return this.timer != null;
    }

}

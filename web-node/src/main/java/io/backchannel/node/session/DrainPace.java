package io.backchannel.node.session;

import java.time.Duration;

/**
 * How a draining node closes its sockets: a few at a time, at {@code perSecond}, so that
 * thousands of clients do not come back to the other nodes in the same instant; faster
 * when that would take longer than {@code maxWindow}, which must fit in the shutdown
 * phase.
 *
 * @param perSecond sockets closed per second
 * @param maxWindow the longest the closing may take, whatever the number of sockets
 */
record DrainPace(int perSecond, Duration maxWindow) {

    /** How often a batch is closed. */
    static final Duration TICK = Duration.ofMillis(10);

    DrainPace {
        if (perSecond < 1 || !maxWindow.isPositive()) {
            throw new IllegalArgumentException("the drain rate and window must be positive");
        }
    }

    /**
     * Sockets to close at each tick so that {@code count} of them take at most the
     * window.
     */
    int perTick(int count) {
        double ticksPerSecond = 1000.0 / TICK.toMillis();
        double rate = Math.max(this.perSecond, count / (this.maxWindow.toMillis() / 1000.0));
        return (int) Math.max(1, Math.ceil(rate / ticksPerSecond));
    }

    /** How long closing {@code count} sockets takes at this pace. */
    Duration window(int count) {
        int batches = (count + perTick(count) - 1) / perTick(count);
        return TICK.multipliedBy(Math.max(0, batches - 1));
    }

}

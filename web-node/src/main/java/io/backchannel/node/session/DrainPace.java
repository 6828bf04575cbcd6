package io.backchannel.node.session;

import java.time.Duration;

/**
 * How a draining node closes its sockets: a few every {@link #TICK}, at most
 * {@code perSecond}, and only while fewer than {@code maxAway} of the clients it closed
 * are still looking for another node, so that the other nodes take them in at the pace
 * they welcome them (design note 39); but never so slowly that the sockets left would not
 * be closed within {@code maxWindow}, which must fit in the shutdown phase.
 *
 * @param perSecond sockets closed per second at most, while the window allows
 * @param maxWindow the longest the closing may take, whatever the number of sockets
 * @param maxAway clients closed and not back on another node yet, at most, while the
 * window allows
 */
record DrainPace(int perSecond, Duration maxWindow, int maxAway) {

    /** How often a batch is closed. */
    static final Duration TICK = Duration.ofMillis(10);

    DrainPace {
        if (perSecond < 1 || !maxWindow.isPositive() || maxAway < 1) {
            throw new IllegalArgumentException("the drain rate, window and clients away must be positive");
        }
    }

    /**
     * Sockets to close at this tick.
     * @param open the sockets still open
     * @param away the clients closed and not back yet
     * @param elapsed the time since the closing began
     */
    int batch(int open, int away, Duration elapsed) {
        if (open <= 0) {
            return 0;
        }
        int paced = Math.min(byRate(), Math.max(0, this.maxAway - away));
        long ticksLeft = this.maxWindow.minus(elapsed).dividedBy(TICK);
        // At least an even share of what is left per tick left: the window holds even
        // when the other nodes are slower than the clients coming back.
        int owed = (ticksLeft <= 0) ? open : (int) (open / ticksLeft);
        return Math.min(open, Math.max(paced, owed));
    }

    private int byRate() {
        return (int) Math.max(1, Math.ceil(this.perSecond * (TICK.toMillis() / 1000.0)));
    }

}

package io.backchannel.node.session;

import java.time.Duration;

/**
 * How a draining node closes its sockets: a few every {@link #TICK}, at most
 * {@code perSecond}, and only while fewer of the clients it closed are still looking for
 * another node than the others welcome in {@code awayTime}, so that the other nodes take
 * them in at the pace they welcome them and none waits long in their queue (design notes
 * 39 and 40); but never so slowly that the sockets left would not be closed within
 * {@code maxWindow}, which the orchestrator's grace period must cover.
 *
 * @param perSecond sockets closed per second at most, while the window allows
 * @param maxWindow the longest the closing may take, whatever the number of sockets
 * @param maxAway clients closed and not back on another node yet, at most, however fast
 * the others welcome them
 * @param awayTime how long the clients away should take to be welcomed, on average: as
 * many are let be away as the others welcome in that time (Little's law)
 */
record DrainPace(int perSecond, Duration maxWindow, int maxAway, Duration awayTime) {

    /** How often a batch is closed. */
    static final Duration TICK = Duration.ofMillis(10);

    /**
     * Clients let be away before the drain knows how fast the others welcome them, and at
     * least afterwards: enough for a welcome rate to be seen.
     */
    static final int FIRST_AWAY = 50;

    DrainPace {
        if (perSecond < 1 || !maxWindow.isPositive() || maxAway < 1 || !awayTime.isPositive()) {
            throw new IllegalArgumentException("the drain rate, window, clients away and away time must be positive");
        }
    }

    /**
     * Sockets to close at this tick.
     * @param open the sockets still open
     * @param away the clients closed and not back yet
     * @param backPerSecond how many of them the other nodes welcomed a second, lately
     * @param elapsed the time since the closing began
     */
    int batch(int open, int away, double backPerSecond, Duration elapsed) {
        if (open <= 0) {
            return 0;
        }
        int paced = Math.min(byRate(), Math.max(0, allowedAway(backPerSecond) - away));
        long ticksLeft = this.maxWindow.minus(elapsed).dividedBy(TICK);
        // At least an even share of what is left per tick left: the window holds even
        // when the other nodes are slower than the clients coming back.
        int owed = (ticksLeft <= 0) ? open : (int) (open / ticksLeft);
        return Math.min(open, Math.max(paced, owed));
    }

    /**
     * Clients that may be away at once when the others welcome {@code backPerSecond}:
     * what they welcome in {@link #awayTime}. Where they welcome faster than the drain
     * closes, the clients come back sooner than that, the rate seen rises with each batch
     * and the allowance with it; where the others are the bottleneck, the rate stays at
     * what they can do and the clients wait {@code awayTime} on average.
     */
    int allowedAway(double backPerSecond) {
        double allowed = Math.ceil(backPerSecond * this.awayTime.toNanos() / 1e9);
        return (int) Math.min(this.maxAway, Math.max(Math.min(FIRST_AWAY, this.maxAway), allowed));
    }

    private int byRate() {
        return (int) Math.max(1, Math.ceil(this.perSecond * (TICK.toMillis() / 1000.0)));
    }

}

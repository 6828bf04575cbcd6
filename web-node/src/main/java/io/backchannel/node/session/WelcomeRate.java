package io.backchannel.node.session;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How many clients a drain closed the other nodes welcome a second, over the last
 * {@link #OVER}: the drain's measure of what the others can take (design note 40).
 */
final class WelcomeRate {

    /**
     * How far back the rate looks: long enough to smooth a check's luck, short enough to
     * follow the others as they warm up or fill.
     */
    static final Duration OVER = Duration.ofSeconds(1);

    /** The totals seen within {@link #OVER}, oldest first, and the newest one before. */
    private final Deque<Count> counts = new ArrayDeque<>();

    private double perSecond;

    /** The first client left at {@code nanos}: the count starts at 0 there. */
    void startAt(long nanos) {
        if (this.counts.isEmpty()) {
            this.counts.add(new Count(nanos, 0));
        }
    }

    /** {@code total} had come back by {@code nanos}. */
    void count(long nanos, long total) {
        startAt(nanos);
        this.counts.add(new Count(nanos, total));
        // The newest count at least OVER old is the base; older ones go.
        for (Count oldest = this.counts.pollFirst();; oldest = this.counts.pollFirst()) {
            Count next = this.counts.peekFirst();
            if (next == null || nanos - next.nanos() < OVER.toNanos()) {
                this.counts.addFirst(oldest);
                break;
            }
        }
        Count base = this.counts.getFirst();
        this.perSecond = (nanos > base.nanos()) ? (total - base.total()) * 1e9 / (nanos - base.nanos()) : 0;
    }

    /** Welcomes a second as of the last count; 0 before any. */
    double perSecond() {
        return this.perSecond;
    }

    private record Count(long nanos, long total) {
    }

}

package io.backchannel.faults.traffic;

import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.backchannel.load.client.Completion;

/**
 * How long clients waited, from the completions of one fault's requests:
 * <ul>
 * <li>recovery: the longest stretch, from the injection of the fault on, in which no
 * client received any terminal update (from the injection to the first one, or between
 * two): how long answers stopped. It does not depend on how long the injecting command
 * takes to act, and a fault that stops nothing shows the normal gap between two
 * answers;</li>
 * <li>first answer: from the injection to the first terminal update received for a
 * request due after it;</li>
 * <li>worst wait: the longest a request waited, from when it was due to its terminal
 * update (retries and resume included), and which request that was.</li>
 * </ul>
 */
public final class Recovery implements Consumer<Completion> {

    private volatile long injectedAt = Long.MAX_VALUE;

    private final Queue<Long> terminals = new ConcurrentLinkedQueue<>();

    private final AtomicLong firstAfter = new AtomicLong(Long.MAX_VALUE);

    private final AtomicReference<Completion> slowest = new AtomicReference<>();

    /**
     * The fault was injected now ({@link System#nanoTime}); later calls change nothing.
     */
    public void injected(long at) {
        if (this.injectedAt == Long.MAX_VALUE) {
            this.injectedAt = at;
        }
    }

    @Override
    public void accept(Completion completion) {
        this.terminals.add(completion.terminalAt());
        this.slowest.accumulateAndGet(completion, (a, b) -> (a == null || b.totalNanos() > a.totalNanos()) ? b : a);
        if (completion.submittedAt() >= this.injectedAt) {
            this.firstAfter.accumulateAndGet(completion.terminalAt(), Math::min);
        }
    }

    /** Seconds, or null before the injection or when no answer came after it. */
    public Double recoverySeconds() {
        long injected = this.injectedAt;
        long[] after = this.terminals.stream()
            .mapToLong(Long::longValue)
            .filter((t) -> t >= injected)
            .sorted()
            .toArray();
        if (injected == Long.MAX_VALUE || after.length == 0) {
            return null;
        }
        long longest = after[0] - injected;
        for (int i = 1; i < after.length; i++) {
            longest = Math.max(longest, after[i] - after[i - 1]);
        }
        return longest / 1e9;
    }

    /** Seconds, or null when nothing due after the injection has completed. */
    public Double firstAnswerSeconds() {
        long first = this.firstAfter.get();
        return (first == Long.MAX_VALUE) ? null : Math.max(0, first - this.injectedAt) / 1e9;
    }

    public double worstWaitSeconds() {
        Completion slowest = this.slowest.get();
        return (slowest != null) ? slowest.totalNanos() / 1e9 : 0;
    }

    /**
     * The request that waited longest: its id, how long its acceptance took (retries
     * included), how long its terminal update took after that, and the path it came by;
     * or null.
     */
    public String slowest() {
        Completion slowest = this.slowest.get();
        if (slowest == null) {
            return null;
        }
        return String.format(Locale.ROOT, "%s: accepted after %.2f s, terminal %.2f s later, via %s", slowest.id(),
                slowest.submitNanos() / 1e9, slowest.deliveryNanos() / 1e9, slowest.via());
    }

}

package io.backchannel.load.restart;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.backchannel.load.report.Latency;

/**
 * What a load generator tells the process that started it about its share of the sockets,
 * one line each ({@link ShareLines}): that they are open, how they are moving, and at the
 * end what they did.
 */
sealed interface ShareLine {

    /**
     * The share's sockets are open.
     *
     * @param sockets how many
     * @param placed sockets per node that welcomed them
     */
    record Ready(int sockets, Map<String, Integer> placed) implements ShareLine {

        /** All shares' sockets, and where they are. */
        static Ready sum(List<Ready> shares) {
            Map<String, Integer> placed = new TreeMap<>();
            shares.forEach((share) -> addTo(placed, share.placed));
            return new Ready(shares.stream().mapToInt(Ready::sockets).sum(), placed);
        }

    }

    /**
     * Where the share's moves stand.
     *
     * @param away sockets closed and not welcomed again yet
     * @param back moves done (welcomes after a close)
     * @param bounces closes of sockets that were away already
     * @param failedAttempts connection attempts that failed
     */
    record Status(int away, long back, int bounces, int failedAttempts) implements ShareLine {

        Status plus(Status other) {
            return new Status(this.away + other.away, this.back + other.back, this.bounces + other.bounces,
                    this.failedAttempts + other.failedAttempts);
        }

    }

    /**
     * What the share's sockets did over the run.
     *
     * @param sockets how many it opened
     * @param placedBefore sockets per node once all were open
     * @param placedAfter sockets per node at the end (a socket still away counts under
     * the node it left)
     * @param closedByCode closes per close code
     * @param notBack sockets closed and not welcomed again
     * @param bounces closes of sockets that were away already
     * @param failedAttempts connection attempts that failed
     * @param lastBackAt when the last moved socket was welcomed again, in epoch
     * nanoseconds; 0 if none was
     * @param reconnect the close-&gt;welcome distribution, {@link Latency#export
     * exported}
     */
    record Totals(int sockets, Map<String, Integer> placedBefore, Map<String, Integer> placedAfter,
            Map<Integer, Integer> closedByCode, long notBack, int bounces, int failedAttempts, long lastBackAt,
            String reconnect) implements ShareLine {

        /** The totals of all shares together. */
        static Totals sum(List<Totals> shares) {
            Map<String, Integer> before = new TreeMap<>();
            Map<String, Integer> after = new TreeMap<>();
            Map<Integer, Integer> closes = new TreeMap<>();
            Latency reconnect = new Latency();
            int sockets = 0;
            long notBack = 0;
            int bounces = 0;
            int failed = 0;
            long lastBack = 0;
            for (Totals share : shares) {
                sockets += share.sockets;
                addTo(before, share.placedBefore);
                addTo(after, share.placedAfter);
                addTo(closes, share.closedByCode);
                notBack += share.notBack;
                bounces += share.bounces;
                failed += share.failedAttempts;
                lastBack = Math.max(lastBack, share.lastBackAt);
                reconnect.add(share.reconnect);
            }
            return new Totals(sockets, before, after, closes, notBack, bounces, failed, lastBack, reconnect.export());
        }

    }

    /** Adds {@code counts} to {@code total}, key by key. */
    private static <K> void addTo(Map<K, Integer> total, Map<K, Integer> counts) {
        counts.forEach((key, count) -> total.merge(key, count, Integer::sum));
    }

}

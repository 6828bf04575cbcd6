package io.backchannel.load.client;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.ws.Via;

/**
 * A request that was accepted and whose terminal update arrived. Times are
 * {@link System#nanoTime} values.
 *
 * @param id the request
 * @param submittedAt when it was due to be sent (its intended time, so a late send counts
 * against the system, not for it)
 * @param acceptedAt when the 202 (or 200) arrived
 * @param terminalAt when the first terminal update arrived on a socket
 * @param status SUCCEEDED or FAILED
 * @param via the path the terminal update took
 * @param terminalEventId the terminal update's event id
 */
public record Completion(CorrelationId id, long submittedAt, long acceptedAt, long terminalAt, RequestStatus status,
        Via via, String terminalEventId) {

    /**
     * The offset of {@link System#nanoTime} from the epoch, in nanoseconds, taken once.
     */
    private static final long EPOCH_OFFSET_NANOS = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    /** Intended send to the terminal update. */
    public long totalNanos() {
        return this.terminalAt - this.submittedAt;
    }

    /** Intended send to the 202, retries included. */
    public long submitNanos() {
        return this.acceptedAt - this.submittedAt;
    }

    /**
     * When a web node applied the terminal update, as a {@link System#nanoTime} value,
     * read from its event id ({@code <ms>-<n>}, the Redis stream entry's id: the Redis
     * server's clock, to the millisecond, on this machine); -1 when the id is not of that
     * form (the baseline's). The clock's floor makes it up to a millisecond early.
     */
    public long appliedAt() {
        int dash = (this.terminalEventId != null) ? this.terminalEventId.indexOf('-') : -1;
        if (dash <= 0) {
            return -1;
        }
        try {
            return Long.parseLong(this.terminalEventId, 0, dash, 10) * 1_000_000L - EPOCH_OFFSET_NANOS;
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

    /**
     * The 202 to the terminal update; 0 when the update came first (the socket can beat
     * the HTTP answer).
     */
    public long deliveryNanos() {
        return Math.max(0, this.terminalAt - this.acceptedAt);
    }

}

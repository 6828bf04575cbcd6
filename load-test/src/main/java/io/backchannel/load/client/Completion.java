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
 */
public record Completion(CorrelationId id, long submittedAt, long acceptedAt, long terminalAt, RequestStatus status,
        Via via) {

    /** Intended send to the terminal update. */
    public long totalNanos() {
        return this.terminalAt - this.submittedAt;
    }

    /** Intended send to the 202, retries included. */
    public long submitNanos() {
        return this.acceptedAt - this.submittedAt;
    }

    /**
     * The 202 to the terminal update; 0 when the update came first (the socket can beat
     * the HTTP answer).
     */
    public long deliveryNanos() {
        return Math.max(0, this.terminalAt - this.acceptedAt);
    }

}

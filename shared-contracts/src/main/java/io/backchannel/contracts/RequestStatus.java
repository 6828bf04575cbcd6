package io.backchannel.contracts;

/**
 * Where a request stands. It only moves forward:
 * {@code QUEUED -> RUNNING* -> SUCCEEDED | FAILED | CANCELLED}, and ends exactly once.
 */
public enum RequestStatus {

    /** Accepted and handed to the broker; no worker has reported yet. */
    QUEUED,

    /** A worker is on it; progress and stage say how far. */
    RUNNING,

    /** Done; the record holds the result. Terminal. */
    SUCCEEDED,

    /**
     * Given up; the record holds the error (its code {@code deadline_exceeded} when the
     * request's deadline passed first). Terminal.
     */
    FAILED,

    /** Cancelled by its owner before it ended otherwise. Terminal. */
    CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

}

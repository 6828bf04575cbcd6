package io.backchannel.contracts;

/**
 * Where a request stands. It only moves forward:
 * {@code QUEUED -> RUNNING* -> SUCCEEDED | FAILED}.
 */
public enum RequestStatus {

    /** Accepted and handed to the broker; no worker has reported yet. */
    QUEUED,

    /** A worker is on it; progress and stage say how far. */
    RUNNING,

    /** Done; the record holds the result. Terminal. */
    SUCCEEDED,

    /** Given up; the record holds the error. Terminal. */
    FAILED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED;
    }

}

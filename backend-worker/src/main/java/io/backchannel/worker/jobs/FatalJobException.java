package io.backchannel.worker.jobs;

import io.backchannel.worker.WorkerException;

/**
 * A failure that no retry can mend: the job fails at once and is dead-lettered. The code
 * and message go to the client as the job's error.
 */
public class FatalJobException extends WorkerException {

    /** The payload does not fit the job type: wrong type of value, out of range. */
    public static final String BAD_PAYLOAD = "bad_payload";

    private final String code;

    public FatalJobException(String code, String message) {
        super(message);
        this.code = code;
    }

    public static FatalJobException badPayload(String message) {
        return new FatalJobException(BAD_PAYLOAD, message);
    }

    /** A stable, machine-readable reason, such as {@link #BAD_PAYLOAD}. */
    public String code() {
        return this.code;
    }

}

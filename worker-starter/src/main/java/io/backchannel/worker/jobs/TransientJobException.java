package io.backchannel.worker.jobs;

import io.backchannel.worker.WorkerException;

/**
 * A failure that may go away: the job is tried again after a backoff, up to the attempt
 * limit. The message may reach the client when the attempts run out, so it says what
 * failed in words, never with a stack trace.
 */
public class TransientJobException extends WorkerException {

    public TransientJobException(String message) {
        super(message);
    }

    public TransientJobException(String message, Throwable cause) {
        super(message, cause);
    }

}

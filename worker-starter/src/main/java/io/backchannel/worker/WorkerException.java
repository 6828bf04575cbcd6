package io.backchannel.worker;

/**
 * The worker's one unchecked base exception. What kind of failure a subclass stands for
 * decides what happens to the job: retried, failed for good, or returned to the queue.
 */
public abstract class WorkerException extends RuntimeException {

    protected WorkerException(String message) {
        super(message);
    }

    protected WorkerException(String message, Throwable cause) {
        super(message, cause);
    }

}

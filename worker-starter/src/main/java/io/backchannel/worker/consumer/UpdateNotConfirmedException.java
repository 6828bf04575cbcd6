package io.backchannel.worker.consumer;

import io.backchannel.worker.WorkerException;

/**
 * The broker did not take an update: it refused it, returned it as unroutable, or said
 * nothing in time. The job is not acked then; it goes back to its queue and runs again
 * with a greater attempt number.
 */
class UpdateNotConfirmedException extends WorkerException {

    UpdateNotConfirmedException(String message) {
        super(message);
    }

    UpdateNotConfirmedException(String message, Throwable cause) {
        super(message, cause);
    }

    static boolean isCauseOf(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UpdateNotConfirmedException) {
                return true;
            }
        }
        return false;
    }

}

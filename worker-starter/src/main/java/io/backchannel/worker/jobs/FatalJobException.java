package io.backchannel.worker.jobs;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.worker.WorkerException;

/**
 * A failure that no retry can mend: the job fails at once and is dead-lettered. The code
 * and message go to the client as the job's error.
 */
public class FatalJobException extends WorkerException {

    private final String code;

    public FatalJobException(String code, String message) {
        super(message);
        this.code = code;
    }

    public static FatalJobException badPayload(String message) {
        return new FatalJobException(JobErrorCode.BAD_PAYLOAD, message);
    }

    /** A stable, machine-readable reason, one of {@link JobErrorCode}. */
    public String code() {
        return this.code;
    }

}

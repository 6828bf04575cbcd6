package io.backchannel.worker.jobs;

/**
 * Thrown by {@link JobContext#progress} once the job's request has ended without it
 * (cancelled by its owner, or past its deadline): whatever the job would send now is
 * dropped, so it stops at that step. A handler lets it pass; the worker then acks the job
 * and sends nothing more.
 */
public class JobStoppedException extends RuntimeException {

    public JobStoppedException(String why) {
        super(why);
    }

}

package io.backchannel.worker.consumer;

import java.time.Duration;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.JobErrorCode;
import io.backchannel.worker.WorkerException;
import io.backchannel.worker.WorkerProperties;
import io.backchannel.worker.jobs.FatalJobException;
import io.backchannel.worker.jobs.JobHandler;
import io.backchannel.worker.jobs.JobStoppedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;

/**
 * Runs one delivery of a job through its attempts, and decides its fate:
 * <ul>
 * <li>success: {@code SUCCEEDED} is confirmed, then the job is acked (by returning);</li>
 * <li>a transient failure, or any unexpected exception: tried again after a backoff; when
 * the attempts run out, {@code FAILED retries_exhausted} is confirmed and the job is
 * dead-lettered;</li>
 * <li>a {@link FatalJobException}: {@code FAILED} with its code is confirmed and the job
 * is dead-lettered at once;</li>
 * <li>an update the broker did not confirm: the exception leaves unchanged and the job
 * goes back to its queue; nothing is acked before its terminal update is confirmed.</li>
 * </ul>
 * Each attempt is announced with a {@code RUNNING} update at progress 0 if it outlives a
 * short delay, or before it is retried ({@link StartedUpdates}).
 */
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Attempts attempts;

    private final String workerId;

    private final UpdatePublisher publisher;

    private final JobMeters meters;

    private final StartedUpdates started;

    private final StopCheck stops;

    JobRunner(WorkerProperties properties, UpdatePublisher publisher, JobMeters meters, StartedUpdates started,
            StopCheck stops) {
        this.stops = stops;
        this.attempts = Attempts.from(properties);
        this.workerId = properties.workerId();
        this.publisher = publisher;
        this.meters = meters;
        this.started = started;
    }

    void run(Delivery delivery, JobHandler handler) {
        long start = System.nanoTime();
        int previous = delivery.previousDeliveries();
        // An operator follows one INFO line per job, its end; a start gets one only when
        // the job comes back.
        if (previous > 0) {
            log.info("Job started again (delivery {})", previous + 1);
        }
        else {
            log.debug("Job started");
        }
        for (int n = 1;; n++) {
            if (n > 1) {
                String stop = this.stops.why(delivery);
                if (stop != null) {
                    this.meters.stopped(delivery.type());
                    log.info("Job not tried again: {}", stop);
                    return;
                }
            }
            RunningAttempt attempt = new RunningAttempt(delivery, this.attempts.number(previous, n), this.workerId,
                    this.publisher, this.stops);
            if (n > 1) {
                this.meters.retried(delivery.type());
            }
            this.started.announce(attempt, this.attempts.startStage(previous, n));
            try {
                JsonNode result = handler.handle(attempt);
                attempt.succeeded(result);
                this.meters.succeeded(delivery.type());
                log.info("Job succeeded on attempt {} in {} ms", attempt.attempt(), millisSince(start));
                return;
            }
            catch (JobStoppedException ex) {
                // The request has ended without this job: nothing it sends would count.
                this.meters.stopped(delivery.type());
                log.info("Job stopped on attempt {}: {}", attempt.attempt(), ex.getMessage());
                return;
            }
            catch (FatalJobException ex) {
                attempt.failed(new JobError(ex.code(), ex.getMessage()));
                this.meters.failed(delivery.type(), ex.code());
                log.info("Job failed: {}: {}", ex.code(), ex.getMessage());
                throw new AmqpRejectAndDontRequeueException("job failed: " + ex.code(), ex);
            }
            catch (RuntimeException ex) {
                if (UpdateNotConfirmedException.isCauseOf(ex)) {
                    throw ex;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new JobInterruptedException(ex);
                }
                if (this.attempts.isLast(n)) {
                    String message = "gave up after " + n + " attempts: " + reason(ex);
                    attempt.failed(new JobError(JobErrorCode.RETRIES_EXHAUSTED, message));
                    this.meters.failed(delivery.type(), JobErrorCode.RETRIES_EXHAUSTED);
                    log.warn("Job failed: {}", message);
                    throw new AmqpRejectAndDontRequeueException("job failed: " + JobErrorCode.RETRIES_EXHAUSTED, ex);
                }
                // The user sees every attempt, even one that failed before its started
                // update was due.
                attempt.sendHeldStarted();
                Duration backoff = this.attempts.backoffAfter(n);
                log.info("Attempt {} failed, retrying in {} ms: {}", attempt.attempt(), backoff.toMillis(), reason(ex));
                pause(backoff);
            }
            finally {
                // An attempt cut short (the worker stopping, an update not
                // confirmed) must not announce itself later, after its job
                // went back to the queue.
                attempt.dropHeldStarted();
            }
        }
    }

    /**
     * A reason fit for the client: our own exceptions say what failed; anything else may
     * carry internals, so its text stays in the log.
     */
    private static String reason(RuntimeException ex) {
        if (!(ex instanceof WorkerException)) {
            log.warn("Unexpected exception from a job handler", ex);
            return "unexpected error";
        }
        return ex.getMessage();
    }

    private static void pause(Duration backoff) {
        try {
            Thread.sleep(backoff);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new JobInterruptedException(ex);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The worker is stopping: the job goes back to its queue for another worker. */
    static class JobInterruptedException extends WorkerException {

        JobInterruptedException(Throwable cause) {
            super("interrupted; the job goes back to its queue", cause);
        }

    }

}

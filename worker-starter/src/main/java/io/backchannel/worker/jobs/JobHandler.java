package io.backchannel.worker.jobs;

import io.backchannel.contracts.id.JobType;
import tools.jackson.databind.JsonNode;

/**
 * Runs the jobs of one type. The worker consumes the queue {@code bc.jobs.{type}} for
 * each handler bean it finds.
 *
 * <p>
 * Delivery is at least once: a job may run again after a crash or a retry, so a handler
 * must be safe to repeat. A handler signals what went wrong by what it throws:
 * <ul>
 * <li>{@link TransientJobException}, or any other exception: tried again after a backoff,
 * up to the attempt limit, then failed with {@code retries_exhausted};</li>
 * <li>{@link FatalJobException}: failed at once, never retried (for example a bad
 * payload).</li>
 * </ul>
 */
public interface JobHandler {

    /** The job type this handler runs; names its queue. */
    JobType type();

    /**
     * Runs one attempt of a job.
     * @param context the job's input, and where to report progress
     * @return the result, sent to the client with {@code SUCCEEDED}
     */
    JsonNode handle(JobContext context);

}

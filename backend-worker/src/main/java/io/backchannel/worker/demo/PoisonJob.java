package io.backchannel.worker.demo;

import io.backchannel.contracts.id.JobType;
import io.backchannel.worker.jobs.JobContext;
import io.backchannel.worker.jobs.JobHandler;
import io.backchannel.worker.jobs.Payloads;
import io.backchannel.worker.jobs.TransientJobException;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * {@code poison}: always fails transiently, so it is retried to the limit and then fails
 * for good. Shows what a client sees when a job can never succeed.
 */
@Component
class PoisonJob implements JobHandler {

    static final JobType TYPE = JobType.of("poison");

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public JsonNode handle(JobContext context) {
        Payloads.object(context.payload());
        throw new TransientJobException("poison always fails");
    }

}

package io.backchannel.worker.demo;

import io.backchannel.contracts.id.JobType;
import io.backchannel.worker.jobs.JobContext;
import io.backchannel.worker.jobs.JobHandler;
import io.backchannel.worker.jobs.Payloads;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * {@code echo}: the result is the payload, at once.
 */
@Component
class EchoJob implements JobHandler {

    static final JobType TYPE = JobType.of("echo");

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public JsonNode handle(JobContext context) {
        return Payloads.object(context.payload());
    }

}

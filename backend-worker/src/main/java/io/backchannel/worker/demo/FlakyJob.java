package io.backchannel.worker.demo;

import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.worker.jobs.JobContext;
import io.backchannel.worker.jobs.JobHandler;
import io.backchannel.worker.jobs.Payloads;
import io.backchannel.worker.jobs.TransientJobException;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * {@code flaky}, payload {@code {failTimes}} (0 to 100, default 1): fails transiently
 * while the attempt number is at most {@code failTimes}, then answers {@code {failTimes,
 * attempt}}.
 */
@Component
class FlakyJob implements JobHandler {

    static final JobType TYPE = JobType.of("flaky");

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public JsonNode handle(JobContext context) {
        int failTimes = Payloads.intField(context.payload(), "failTimes", 0, 100, 1);
        if (context.attempt() <= failTimes) {
            throw new TransientJobException(
                    "failing on purpose: attempt " + context.attempt() + " of the first " + failTimes);
        }
        return Json.mapper().createObjectNode().put("failTimes", failTimes).put("attempt", context.attempt());
    }

}

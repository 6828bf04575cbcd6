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
 * {@code report}, payload {@code {steps, stepMillis}}: works through {@code steps} steps
 * (1 to 1000, default 5) of {@code stepMillis} each (0 to 60000, default 500), reports
 * progress after each, and answers {@code {steps, stepMillis, tookMillis}}.
 */
@Component
class ReportJob implements JobHandler {

    static final JobType TYPE = JobType.of("report");

    @Override
    public JobType type() {
        return TYPE;
    }

    @Override
    public JsonNode handle(JobContext context) {
        int steps = Payloads.intField(context.payload(), "steps", 1, 1000, 5);
        int stepMillis = Payloads.intField(context.payload(), "stepMillis", 0, 60_000, 500);
        long start = System.nanoTime();
        for (int i = 1; i <= steps; i++) {
            work(stepMillis);
            context.progress(i * 100 / steps, "step " + i + " of " + steps);
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        return Json.mapper()
            .createObjectNode()
            .put("steps", steps)
            .put("stepMillis", stepMillis)
            .put("tookMillis", tookMillis);
    }

    /** The simulated work of one step. */
    private static void work(int millis) {
        if (millis == 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TransientJobException("interrupted while working", ex);
        }
    }

}

package io.backchannel.faults.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerLogTests {

    private static final String PREFIX = "2026-11-21T23:56:17.361Z  INFO 19437 --- [backend-worker] [  jobs.report-4] ";

    @Test
    void jobsInHand_areThoseStartedAndNotFinished(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("worker-1.log");
        Files.writeString(log,
                String.join("\n", line("aaaaaaaa-1", "Job started (delivery 1)"),
                        line("bbbbbbbb-2", "Job started (delivery 1)"), line("cccccccc-3", "Job started (delivery 2)"),
                        line("dddddddd-4", "Job started (delivery 1)"),
                        line("aaaaaaaa-1", "Job succeeded on attempt 1 in 12 ms"),
                        line("bbbbbbbb-2", "Job failed: bad_payload: no"),
                        line("dddddddd-4", "Job skipped: its request already SUCCEEDED"),
                        PREFIX + "[ ] o.s.a.r.l.SimpleMessageListenerContainer : Consumer raised exception", ""));

        assertThat(WorkerLog.jobsInHand(log)).isEqualTo(1);
    }

    private static String line(String correlationId, String message) {
        return PREFIX + "[" + correlationId + " 6VI74Bdumez2BsGXKbIASw] i.backchannel.worker.consumer.JobRunner  : "
                + message;
    }

}

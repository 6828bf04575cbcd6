package io.backchannel.faults.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerLogTests {

    @Test
    void jobsInHand_areThoseStartedAndNotFinished(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("worker-1.log");
        Files.writeString(log,
                String.join("\n", line("echo", "aaaaaaaa-1", "Job started (delivery 1)"),
                        line("report", "bbbbbbbb-2", "Job started (delivery 1)"),
                        line("report", "cccccccc-3", "Job started (delivery 2)"),
                        line("echo", "dddddddd-4", "Job started (delivery 1)"),
                        line("echo", "aaaaaaaa-1", "Job succeeded on attempt 1 in 12 ms"),
                        line("report", "bbbbbbbb-2", "Job failed: bad_payload: no"),
                        line("echo", "dddddddd-4", "Job skipped: its request already SUCCEEDED"),
                        "2026-11-21T23:56:17.361Z  INFO 19437 --- [backend-worker] [  jobs.report-4] [ ] "
                                + "o.s.a.r.l.SimpleMessageListenerContainer : Consumer raised exception",
                        ""));

        assertThat(WorkerLog.read(log).jobsInHand()).isEqualTo(1);
    }

    @Test
    void awaitJobInHand_readsTheLogAsItGrows(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("worker-1.log");
        Files.writeString(log, line("echo", "aaaaaaaa-1", "Job started (delivery 1)") + "\n");
        WorkerLog reader = WorkerLog.read(log);
        assertThat(reader.awaitJobInHand("report", Duration.ofMillis(50))).isFalse();

        Files.writeString(log, line("report", "bbbbbbbb-2", "Job started (delivery 1)") + "\n",
                StandardOpenOption.APPEND);

        assertThat(reader.awaitJobInHand("report", Duration.ofSeconds(5))).isTrue();
        assertThat(reader.jobsInHand()).isEqualTo(2);
    }

    private static String line(String type, String correlationId, String message) {
        return "2026-11-21T23:56:17.361Z  INFO 19437 --- [backend-worker] [  jobs." + type + "-4] [" + correlationId
                + " 6VI74Bdumez2BsGXKbIASw] i.backchannel.worker.consumer.JobRunner  : " + message;
    }

}

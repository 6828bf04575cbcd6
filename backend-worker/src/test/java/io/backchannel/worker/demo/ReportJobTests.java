package io.backchannel.worker.demo;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.worker.jobs.FatalJobException;
import io.backchannel.worker.testing.RecordingJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReportJobTests {

    private final ReportJob report = new ReportJob();

    @Test
    void report_reportsEveryStep_thenAnswersWithASummary() {
        RecordingJobContext context = RecordingJobContext.of("{\"steps\":3,\"stepMillis\":0}");

        var result = this.report.handle(context);

        assertThat(context.progress()).containsExactly(new RecordingJobContext.Progress(33, "step 1 of 3"),
                new RecordingJobContext.Progress(66, "step 2 of 3"),
                new RecordingJobContext.Progress(100, "step 3 of 3"));
        assertThat(result.get("steps").intValue()).isEqualTo(3);
        assertThat(result.get("stepMillis").intValue()).isZero();
        assertThat(result.get("tookMillis").isIntegralNumber()).isTrue();
    }

    @Test
    void report_withoutSteps_takesFiveSteps() {
        RecordingJobContext context = RecordingJobContext.of("{\"stepMillis\":0}");

        this.report.handle(context);

        assertThat(context.progress()).hasSize(5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|',
            value = { "{\"steps\":0}|steps", "{\"steps\":1001}|steps", "{\"steps\":\"3\"}|steps",
                    "{\"steps\":1.5}|steps", "{\"steps\":3,\"stepMillis\":-1}|stepMillis",
                    "{\"steps\":3,\"stepMillis\":60001}|stepMillis", "{\"steps\":3,\"stepMillis\":[]}|stepMillis" })
    void report_withBadField_failsWithBadPayload_namingTheField(String payload, String field) {
        RecordingJobContext context = RecordingJobContext.of(payload);

        assertThatExceptionOfType(FatalJobException.class).isThrownBy(() -> this.report.handle(context))
            .satisfies((ex) -> assertThat(ex.code()).isEqualTo(JobErrorCode.BAD_PAYLOAD))
            .withMessageStartingWith(field + " must be a whole number");
        assertThat(context.progress()).isEmpty();
    }

    @Test
    void report_withNonObjectPayload_failsWithBadPayload() {
        assertThatExceptionOfType(FatalJobException.class)
            .isThrownBy(() -> this.report.handle(RecordingJobContext.of("[3]")))
            .withMessage("payload must be a JSON object");
    }

}

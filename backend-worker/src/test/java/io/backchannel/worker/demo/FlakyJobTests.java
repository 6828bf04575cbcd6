package io.backchannel.worker.demo;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.worker.jobs.FatalJobException;
import io.backchannel.worker.jobs.TransientJobException;
import io.backchannel.worker.testing.RecordingJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FlakyJobTests {

    private final FlakyJob flaky = new FlakyJob();

    @ParameterizedTest
    @ValueSource(ints = { 1, 2 })
    void flaky_failsTransiently_whileAttemptIsAtMostFailTimes(int attempt) {
        assertThatExceptionOfType(TransientJobException.class)
            .isThrownBy(() -> this.flaky.handle(RecordingJobContext.of("{\"failTimes\":2}", attempt)));
    }

    @Test
    void flaky_succeeds_onceAttemptExceedsFailTimes() {
        var result = this.flaky.handle(RecordingJobContext.of("{\"failTimes\":2}", 3));

        assertThat(result.get("attempt").intValue()).isEqualTo(3);
        assertThat(result.get("failTimes").intValue()).isEqualTo(2);
    }

    @Test
    void flaky_withZeroFailTimes_succeedsAtOnce() {
        assertThat(this.flaky.handle(RecordingJobContext.of("{\"failTimes\":0}", 1))).isNotNull();
    }

    @Test
    void flaky_withoutFailTimes_failsOnce() {
        assertThatExceptionOfType(TransientJobException.class)
            .isThrownBy(() -> this.flaky.handle(RecordingJobContext.of("{}", 1)));
        assertThat(this.flaky.handle(RecordingJobContext.of("{}", 2))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"failTimes\":-1}", "{\"failTimes\":101}", "{\"failTimes\":\"2\"}", "[2]" })
    void flaky_withBadPayload_failsWithBadPayload(String payload) {
        assertThatExceptionOfType(FatalJobException.class)
            .isThrownBy(() -> this.flaky.handle(RecordingJobContext.of(payload)))
            .satisfies((ex) -> assertThat(ex.code()).isEqualTo(JobErrorCode.BAD_PAYLOAD));
    }

}

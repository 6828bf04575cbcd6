package io.backchannel.worker.demo;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.worker.jobs.FatalJobException;
import io.backchannel.worker.jobs.TransientJobException;
import io.backchannel.worker.testing.RecordingJobContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PoisonJobTests {

    private final PoisonJob poison = new PoisonJob();

    @ParameterizedTest
    @ValueSource(ints = { 1, 4, 1000 })
    void poison_failsTransiently_onEveryAttempt(int attempt) {
        assertThatExceptionOfType(TransientJobException.class)
            .isThrownBy(() -> this.poison.handle(RecordingJobContext.of("{}", attempt)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "[]", "1", "null" })
    void poison_withNonObjectPayload_failsWithBadPayload(String payload) {
        assertThatExceptionOfType(FatalJobException.class)
            .isThrownBy(() -> this.poison.handle(RecordingJobContext.of(payload)))
            .satisfies((ex) -> assertThat(ex.code()).isEqualTo(JobErrorCode.BAD_PAYLOAD));
    }

}

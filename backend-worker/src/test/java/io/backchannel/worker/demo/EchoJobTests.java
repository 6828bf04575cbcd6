package io.backchannel.worker.demo;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.worker.jobs.FatalJobException;
import io.backchannel.worker.testing.RecordingJobContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EchoJobTests {

    private final EchoJob echo = new EchoJob();

    @Test
    void echo_answersWithThePayload_atOnce() {
        RecordingJobContext context = RecordingJobContext.of("{\"text\":\"hi\",\"n\":[1,2]}");

        assertThat(this.echo.handle(context)).isEqualTo(context.payload());
        assertThat(context.progress()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "[1]", "\"hi\"", "null" })
    void echo_withNonObjectPayload_failsWithBadPayload(String payload) {
        assertThatExceptionOfType(FatalJobException.class)
            .isThrownBy(() -> this.echo.handle(RecordingJobContext.of(payload)))
            .satisfies((ex) -> assertThat(ex.code()).isEqualTo(JobErrorCode.BAD_PAYLOAD));
    }

}

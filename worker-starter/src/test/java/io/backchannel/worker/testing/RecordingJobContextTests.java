package io.backchannel.worker.testing;

import java.time.Instant;

import io.backchannel.worker.jobs.JobStoppedException;
import io.backchannel.worker.testing.RecordingJobContext.Progress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RecordingJobContextTests {

    @Test
    void progress_isRecordedInOrder_heldTo0To100AsTheWorkerSendsIt() {
        RecordingJobContext context = RecordingJobContext.of("{\"a\":1}");

        context.progress(-5, "before");
        context.progress(40, "middle");
        context.progress(140, "after");

        assertThat(context.progress()).containsExactly(new Progress(0, "before"), new Progress(40, "middle"),
                new Progress(100, "after"));
        assertThat(context.payload().get("a").asInt()).isEqualTo(1);
        assertThat(context.attempt()).isEqualTo(1);
        assertThat(context.deadline()).isNull();
    }

    @Test
    void cancel_makesProgressThrow_andIsCancelledTrue() {
        RecordingJobContext context = RecordingJobContext.of("{}", 2);
        context.progress(10, "working");

        context.cancel();

        assertThat(context.isCancelled()).isTrue();
        assertThatExceptionOfType(JobStoppedException.class).isThrownBy(() -> context.progress(20, "more"));
        assertThat(context.progress()).hasSize(1);
    }

    @Test
    void withDeadline_keepsPayloadAndAttempt() {
        Instant deadline = Instant.parse("2030-01-01T00:00:00Z");

        RecordingJobContext context = RecordingJobContext.of("{\"b\":2}", 3).withDeadline(deadline);

        assertThat(context.deadline()).isEqualTo(deadline);
        assertThat(context.attempt()).isEqualTo(3);
        assertThat(context.payload().get("b").asInt()).isEqualTo(2);
    }

    @Test
    void attemptBelowOne_isRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> RecordingJobContext.of("{}", 0));
    }

}

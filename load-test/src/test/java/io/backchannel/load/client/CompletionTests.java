package io.backchannel.load.client;

import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionTests {

    private static final CorrelationId ID = CorrelationId.of("7d1e5a3c-0f4b-4c1e-9a55-2b8e7f6d4c21");

    @Test
    void appliedAt_readsTheEventIdsMillisecondsOnTheNanoClock() {
        long now = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        Completion completion = completion(nowMillis + "-3");

        // Within the clock's resolution and the two reads above.
        assertThat(Math.abs(completion.appliedAt() - now)).isLessThan(TimeUnit.MILLISECONDS.toNanos(5));
        assertThat(completion("" + (nowMillis + 1000) + "-0").appliedAt() - completion.appliedAt())
            .isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void appliedAt_isUnknownForIdsOfAnotherForm() {
        assertThat(completion("abc").appliedAt()).isEqualTo(-1);
        assertThat(completion("x-1").appliedAt()).isEqualTo(-1);
        assertThat(completion(null).appliedAt()).isEqualTo(-1);
    }

    private static Completion completion(String eventId) {
        return new Completion(ID, 0, 0, 0, RequestStatus.SUCCEEDED, null, eventId);
    }

}

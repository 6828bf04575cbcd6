package io.backchannel.worker.consumer;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AttemptsTests {

    private final Attempts attempts = new Attempts(4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(1));

    @Test
    void number_ofFirstDelivery_countsFromOne() {
        assertThat(this.attempts.number(0, 1)).isEqualTo(1);
        assertThat(this.attempts.number(0, 4)).isEqualTo(4);
    }

    @Test
    void number_ofRedelivery_isAboveEveryAttemptOfTheDeliveryBefore() {
        assertThat(this.attempts.number(1, 1)).isEqualTo(5);
        assertThat(this.attempts.number(1, 4)).isEqualTo(8);
        assertThat(this.attempts.number(2, 1)).isGreaterThan(this.attempts.number(1, 4));
    }

    @Test
    void number_saturatesInsteadOfOverflowing() {
        assertThat(this.attempts.number(Integer.MAX_VALUE, 4)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void isLast_atMaxAttempts() {
        assertThat(this.attempts.isLast(3)).isFalse();
        assertThat(this.attempts.isLast(4)).isTrue();
    }

    @Test
    void backoff_growsByTheMultiplier_upToTheMax() {
        assertThat(this.attempts.backoffAfter(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(this.attempts.backoffAfter(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(this.attempts.backoffAfter(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(this.attempts.backoffAfter(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(this.attempts.backoffAfter(1000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void backoff_withMultiplierOne_staysConstant() {
        Attempts constant = new Attempts(4, Duration.ofMillis(50), 1.0, Duration.ofSeconds(5));

        assertThat(constant.backoffAfter(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(constant.backoffAfter(3)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void startStage_tellsFirstAttemptRetryAndRedelivery() {
        assertThat(this.attempts.startStage(0, 1)).isEqualTo("started");
        assertThat(this.attempts.startStage(0, 2)).isEqualTo("retry 2 of 4");
        assertThat(this.attempts.startStage(1, 1)).isEqualTo("redelivered");
    }

}

package io.backchannel.load.client;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

    private final RetryPolicy policy = RetryPolicy.defaults();

    private final Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void retryAfter_inSeconds_orAsADate_isHonoured_upToTheLimit() {
        assertThat(this.policy.delay(0, "2", this.now)).isEqualTo(Duration.ofSeconds(2));
        assertThat(this.policy.delay(0, "Wed, 01 Jan 2025 00:00:07 GMT", this.now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(this.policy.delay(0, "3600", this.now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(this.policy.delay(0, "Tue, 31 Dec 2024 23:00:00 GMT", this.now)).isZero();
    }

    @Test
    void withoutRetryAfter_theBackoffGrows_withJitterInItsUpperHalf() {
        for (int i = 0; i < 50; i++) {
            assertThat(this.policy.delay(0, null, this.now).toMillis()).isBetween(250L, 500L);
            assertThat(this.policy.delay(2, "soon", this.now).toMillis()).isBetween(1000L, 2000L);
            assertThat(this.policy.delay(20, null, this.now).toMillis()).isBetween(7500L, 15000L);
        }
    }

}

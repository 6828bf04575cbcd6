package io.backchannel.faults;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SuiteSettingsTests {

    @Test
    void duration_takesMillisSecondsMinutesAndBareSeconds() {
        assertThat(parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("7")).isEqualTo(Duration.ofSeconds(7));
        assertThatIllegalArgumentException().isThrownBy(() -> parse("soon"));
    }

    @Test
    void full_sendsAtLeast2000RequestsFrom100ClientsPerFault_toEveryFault() {
        SuiteSettings full = SuiteSettings.full();

        assertThat(full.run().minRequests()).isGreaterThanOrEqualTo(2000);
        assertThat(full.run().clients()).isGreaterThanOrEqualTo(100);
        assertThat(full.faults()).containsExactly("node-kill", "worker-kill", "worker-hang", "rabbitmq-restart",
                "redis-drop", "redis-restart", "rolling-restart");
        assertThat(full.plan().redisPort()).isNotEqualTo(6379);
        assertThat(full.plan().amqpPort()).isNotEqualTo(5672);
    }

    private static Duration parse(String value) {
        System.setProperty("faults.test-duration", value);
        try {
            return SuiteSettings.duration("test-duration", Duration.ZERO);
        }
        finally {
            System.clearProperty("faults.test-duration");
        }
    }

}

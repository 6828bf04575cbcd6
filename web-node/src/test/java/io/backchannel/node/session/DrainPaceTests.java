package io.backchannel.node.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainPaceTests {

    private final DrainPace pace = new DrainPace(2000, Duration.ofSeconds(5));

    @Test
    void atTheRate_whileThatFitsTheWindow() {
        // 2,000 a second: 20 every 10 ms; 6,000 sockets take 3 s.
        assertThat(this.pace.perTick(6000)).isEqualTo(20);
        assertThat(this.pace.window(6000)).isEqualTo(Duration.ofMillis(2990));
    }

    @Test
    void faster_whenTheRateWouldOverrunTheWindow() {
        // 50,000 sockets in 5 s: 10,000 a second, 100 every 10 ms.
        assertThat(this.pace.perTick(50_000)).isEqualTo(100);
        assertThat(this.pace.window(50_000)).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aFewSockets_closeAtOnce() {
        assertThat(this.pace.perTick(3)).isEqualTo(20);
        assertThat(this.pace.window(3)).isEqualTo(Duration.ZERO);
        assertThat(this.pace.window(0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theReasonNamesTheSpread_andSettingsMustBePositive() {
        assertThat(SocketHandler.restartReason(Duration.ofMillis(1500)))
            .isEqualTo("node shutting down; reconnect within 1500 ms");
        assertThatThrownBy(() -> new DrainPace(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

}

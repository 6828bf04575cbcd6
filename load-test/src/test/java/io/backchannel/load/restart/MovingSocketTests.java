package io.backchannel.load.restart;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MovingSocketTests {

    @Test
    void aDrainingNodesHint_isAWaitSpreadOverItsWindow() {
        Set<Duration> waits = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Duration wait = MovingSocket.spreadWait("node shutting down; reconnect within 1000 ms");
            assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(1000));
            waits.add(wait);
        }
        assertThat(waits).as("spread, not one wait for all").hasSizeGreaterThan(50);
    }

    @Test
    void noHint_leavesTheBackoff_andAHugeOneIsCapped() {
        assertThat(MovingSocket.spreadWait("node shutting down")).isNull();
        assertThat(MovingSocket.spreadWait(null)).isNull();
        assertThat(MovingSocket.spreadWait("reconnect within 0 ms")).isZero();
        assertThat(MovingSocket.spreadWait("reconnect within 999999 ms")).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

}

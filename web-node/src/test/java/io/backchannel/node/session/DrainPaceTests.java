package io.backchannel.node.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainPaceTests {

    private final DrainPace pace = new DrainPace(2000, Duration.ofSeconds(5), 300);

    @Test
    void atTheRate_whileThatFitsTheWindow_andFewAreAway() {
        // 2,000 a second: 20 every 10 ms.
        assertThat(this.pace.batch(6000, 0, Duration.ZERO)).isEqualTo(20);
        assertThat(this.pace.batch(6000, 250, Duration.ofSeconds(1))).isEqualTo(20);
    }

    @Test
    void fewer_asTheClientsAwayNearTheLimit_noneAtIt() {
        assertThat(this.pace.batch(400, 290, Duration.ZERO)).isEqualTo(10);
        assertThat(this.pace.batch(400, 300, Duration.ZERO)).isZero();
        assertThat(this.pace.batch(400, 450, Duration.ZERO)).isZero();
    }

    @Test
    void theWindowHolds_howeverManyAreAway() {
        // 50,000 sockets in 5 s: 100 every 10 ms, whatever the others' pace.
        assertThat(this.pace.batch(50_000, 0, Duration.ZERO)).isEqualTo(100);
        assertThat(this.pace.batch(50_000, 300, Duration.ZERO)).isEqualTo(100);
        // 4 s in, 1,000 left and the others behind: an even share of the last second.
        assertThat(this.pace.batch(1000, 300, Duration.ofSeconds(4))).isEqualTo(10);
        // Past the window: all that is left.
        assertThat(this.pace.batch(700, 300, Duration.ofMillis(5001))).isEqualTo(700);
    }

    @Test
    void neverMoreThanAreOpen() {
        assertThat(this.pace.batch(3, 0, Duration.ZERO)).isEqualTo(3);
        assertThat(this.pace.batch(0, 0, Duration.ZERO)).isZero();
    }

    @Test
    void theReasonNamesTheSpread_andSettingsMustBePositive() {
        assertThat(SocketHandler.restartReason(Duration.ofMillis(1500)))
            .isEqualTo("node shutting down; reconnect within 1500 ms");
        assertThatThrownBy(() -> new DrainPace(0, Duration.ofSeconds(1), 1))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrainPace(1, Duration.ofSeconds(1), 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

}

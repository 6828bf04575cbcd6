package io.backchannel.node.session;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainPaceTests {

    /** At most 300 away; as many as the others welcome in 500 ms. */
    private final DrainPace pace = new DrainPace(2000, Duration.ofSeconds(5), 300, Duration.ofMillis(500));

    @Test
    void atTheRate_whileThatFitsTheWindow_andFewAreAway() {
        // 2,000 a second: 20 every 10 ms.
        assertThat(this.pace.batch(6000, 0, 0, Duration.ZERO)).isEqualTo(20);
        assertThat(this.pace.batch(6000, 250, 600, Duration.ofSeconds(1))).isEqualTo(20);
    }

    @Test
    void asManyAway_asTheOthersWelcomeInTheAwayTime() {
        // Welcomed at 400 a second: 200 in 500 ms.
        assertThat(this.pace.allowedAway(400)).isEqualTo(200);
        assertThat(this.pace.batch(400, 195, 400, Duration.ZERO)).isEqualTo(5);
        assertThat(this.pace.batch(400, 200, 400, Duration.ZERO)).isZero();
        // Faster welcomes let more be away, up to the most allowed.
        assertThat(this.pace.allowedAway(500)).isEqualTo(250);
        assertThat(this.pace.allowedAway(10_000)).isEqualTo(300);
    }

    @Test
    void aFewAway_beforeAnyIsSeenBack_andWhenTheOthersAreSlow() {
        assertThat(this.pace.allowedAway(0)).isEqualTo(DrainPace.FIRST_AWAY);
        assertThat(this.pace.allowedAway(10)).isEqualTo(DrainPace.FIRST_AWAY);
        assertThat(this.pace.batch(400, DrainPace.FIRST_AWAY - 3, 0, Duration.ZERO)).isEqualTo(3);
        assertThat(this.pace.batch(400, DrainPace.FIRST_AWAY, 0, Duration.ZERO)).isZero();
        // A ceiling below the first allowance wins.
        assertThat(new DrainPace(2000, Duration.ofSeconds(5), 1, Duration.ofMillis(500)).allowedAway(0)).isEqualTo(1);
    }

    @Test
    void theWindowHolds_howeverManyAreAway() {
        // 50,000 sockets in 5 s: 100 every 10 ms, whatever the others' pace.
        assertThat(this.pace.batch(50_000, 0, 0, Duration.ZERO)).isEqualTo(100);
        assertThat(this.pace.batch(50_000, 300, 600, Duration.ZERO)).isEqualTo(100);
        // 4 s in, 1,000 left and the others behind: an even share of the last second.
        assertThat(this.pace.batch(1000, 300, 600, Duration.ofSeconds(4))).isEqualTo(10);
        // Past the window: all that is left.
        assertThat(this.pace.batch(700, 300, 600, Duration.ofMillis(5001))).isEqualTo(700);
    }

    @Test
    void neverMoreThanAreOpen() {
        assertThat(this.pace.batch(3, 0, 0, Duration.ZERO)).isEqualTo(3);
        assertThat(this.pace.batch(0, 0, 0, Duration.ZERO)).isZero();
    }

    @Test
    void theReasonNamesTheSpread_andSettingsMustBePositive() {
        assertThat(SocketHandler.restartReason(Duration.ofMillis(1500)))
            .isEqualTo("node shutting down; reconnect within 1500 ms");
        assertThatThrownBy(() -> new DrainPace(0, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrainPace(1, Duration.ofSeconds(1), 0, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrainPace(1, Duration.ofSeconds(1), 1, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }

}

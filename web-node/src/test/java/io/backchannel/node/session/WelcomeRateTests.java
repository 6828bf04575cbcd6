package io.backchannel.node.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WelcomeRateTests {

    private static final long MS = 1_000_000;

    private final WelcomeRate rate = new WelcomeRate();

    @Test
    void none_beforeAnyCount() {
        assertThat(this.rate.perSecond()).isZero();
    }

    @Test
    void fromTheFirstLeave_whileYoungerThanTheSpan() {
        this.rate.startAt(1000 * MS);
        this.rate.count(1100 * MS, 10);
        assertThat(this.rate.perSecond()).isCloseTo(100, within(0.01));
        this.rate.count(1500 * MS, 100);
        assertThat(this.rate.perSecond()).isCloseTo(200, within(0.01));
    }

    @Test
    void overTheLastSecond_once_older() {
        this.rate.startAt(0);
        for (int i = 1; i <= 20; i++) {
            // 10 welcomes per 100 ms for a second, then 50.
            this.rate.count(i * 100 * MS, (i <= 10) ? 10L * i : 100 + 50L * (i - 10));
        }
        // The base is the count at 1.0 s (100), the newest at least a second old.
        assertThat(this.rate.perSecond()).isCloseTo(500, within(0.01));
    }

    @Test
    void fallsWhenWelcomesStop() {
        this.rate.startAt(0);
        this.rate.count(500 * MS, 100);
        this.rate.count(1000 * MS, 200);
        this.rate.count(2000 * MS, 200);
        assertThat(this.rate.perSecond()).isZero();
    }

}

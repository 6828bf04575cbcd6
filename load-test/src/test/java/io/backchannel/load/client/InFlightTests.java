package io.backchannel.load.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InFlightTests {

    @Test
    void aRequestBeyondTheBound_waitsForASlot_andTheDrainWaitsForIt() throws InterruptedException {
        InFlight inFlight = new InFlight(2);
        inFlight.acquire();
        inFlight.acquire();
        AtomicBoolean third = new AtomicBoolean();
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                inFlight.acquire();
                third.set(true);
                inFlight.release();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getState() == Thread.State.WAITING);
        assertThat(third).isFalse();
        assertThat(inFlight.awaitFinished(3, Duration.ofMillis(50))).isFalse();

        inFlight.release();
        inFlight.release();

        assertThat(inFlight.awaitFinished(3, Duration.ofSeconds(5))).isTrue();
        assertThat(third).isTrue();
        assertThat(inFlight.finished()).isEqualTo(3);
    }

    @Test
    void anAbandonedRequest_countsAsFinished() throws InterruptedException {
        InFlight inFlight = new InFlight(1);
        inFlight.abandon();

        assertThat(inFlight.awaitFinished(1, Duration.ZERO)).isTrue();
    }

}

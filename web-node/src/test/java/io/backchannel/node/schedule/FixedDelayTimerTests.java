package io.backchannel.node.schedule;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class FixedDelayTimerTests {

    @Test
    void runsItsTaskAgainAndAgain_onAPlatformThreadOfItsName_untilStopped() {
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean virtual = new AtomicBoolean();
        StringBuilder name = new StringBuilder();
        FixedDelayTimer timer = new FixedDelayTimer("test-timer", Duration.ofMillis(10), () -> {
            if (runs.incrementAndGet() == 1) {
                virtual.set(Thread.currentThread().isVirtual());
                name.append(Thread.currentThread().getName());
            }
        });
        assertThat(timer.isRunning()).isFalse();
        timer.start();
        timer.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        assertThat(timer.isRunning()).isTrue();
        assertThat(virtual).isFalse();
        assertThat(name.toString()).isEqualTo("test-timer");
        assertThat(timer.stop(true)).isTrue();
        assertThat(timer.stop(true)).isFalse();
        assertThat(timer.isRunning()).isFalse();
    }

    @Test
    void stopWithoutInterrupting_letsTheRunInProgressFinish_stopInterrupting_doesNot() throws Exception {
        assertThat(finishedAfterStop(false)).isTrue();
        assertThat(finishedAfterStop(true)).isFalse();
    }

    private static boolean finishedAfterStop(boolean interrupt) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        FixedDelayTimer timer = new FixedDelayTimer("test-timer", Duration.ofMillis(1), () -> {
            if (ended.get()) {
                return;
            }
            running.countDown();
            try {
                release.await();
                finished.set(true);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            finally {
                ended.set(true);
            }
        });
        timer.start();
        running.await();
        timer.stop(interrupt);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).untilTrue(ended);
        return finished.get();
    }

    @Test
    void aDelayThatIsNotPositive_isRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FixedDelayTimer("t", Duration.ZERO, () -> {
        }));
    }

}

package io.backchannel.worker.consumer;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.backchannel.worker.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Sends an attempt's {@code RUNNING} "started" update only once the attempt has outlived
 * {@code backchannel.worker.started-update-delay}: a job that ends sooner (an echo takes
 * microseconds) sends its terminal update alone. A user learns nothing from a RUNNING
 * that is overtaken a millisecond later, and each update is a persistent, confirmed
 * broker message plus a Redis step and a push on the web node: for short jobs the started
 * update was a third of all the work the system did (docs/performance.md).
 *
 * <p>
 * An attempt that reports progress before the delay needs no started update either, and
 * one that fails and will be retried sends it before its backoff, so a user sees every
 * retry.
 */
class StartedUpdates implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StartedUpdates.class);

    private final Duration delay;

    private final ScheduledThreadPoolExecutor timer;

    StartedUpdates(WorkerProperties properties) {
        this.delay = properties.startedUpdateDelay();
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("started-updates").daemon().factory());
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Announces the attempt: at once when the delay is zero, else later unless it ends or
     * reports progress first.
     * @throws UpdateNotConfirmedException when an update sent at once is not confirmed
     */
    void announce(RunningAttempt attempt, String stage) {
        if (this.delay.isZero()) {
            attempt.progress(0, stage);
            return;
        }
        // The send waits for the broker's confirm: on a virtual
        // thread of its own, so that one slow confirm delays no other
        // attempt's timer.
        attempt.holdStarted(stage,
                () -> this.timer.schedule(() -> Thread.ofVirtual().name("started-update").start(() -> send(attempt)),
                        this.delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    private static void send(RunningAttempt attempt) {
        try (JobLogContext c = JobLogContext.of(attempt.delivery())) {
            attempt.sendHeldStarted();
        }
        catch (UpdateNotConfirmedException ex) {
            // Only a progress note: the attempt goes on, and its terminal update is
            // confirmed before the job is acked, or the job goes back to its queue.
            log.warn("Started update not confirmed: {}", ex.getMessage());
        }
    }

    /** Started updates waiting for their time; for tests. */
    int pending() {
        return this.timer.getQueue().size();
    }

    @Override
    public void destroy() {
        this.timer.shutdownNow();
    }

}

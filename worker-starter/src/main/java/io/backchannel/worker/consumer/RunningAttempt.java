package io.backchannel.worker.consumer;

import java.time.Instant;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.worker.jobs.JobContext;
import io.backchannel.worker.jobs.JobStoppedException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One attempt of a job: numbers its updates (seq from 1) and publishes them. Publishing
 * is serialized, so a handler that reports from several threads, and the timer of a held
 * started update ({@link StartedUpdates}), still give ordered updates.
 */
class RunningAttempt implements JobContext {

    private final Delivery delivery;

    private final int attempt;

    private final String workerId;

    private final UpdatePublisher publisher;

    private final StopCheck stops;

    private int seq;

    /** The stage of a started update not sent yet; null once any update is sent. */
    private String heldStage;

    private Future<?> startedTimer;

    RunningAttempt(Delivery delivery, int attempt, String workerId, UpdatePublisher publisher, StopCheck stops) {
        this.delivery = delivery;
        this.stops = stops;
        this.attempt = attempt;
        this.workerId = workerId;
        this.publisher = publisher;
    }

    @Override
    public JsonNode payload() {
        return this.delivery.job().payload();
    }

    @Override
    public CorrelationId correlationId() {
        return this.delivery.correlationId();
    }

    @Override
    public int attempt() {
        return this.attempt;
    }

    @Override
    public @Nullable Instant deadline() {
        return this.delivery.job().deadline();
    }

    @Override
    public boolean isCancelled() {
        return this.stops.why(this.delivery) != null;
    }

    @Override
    public void progress(int percent, String stage) {
        String stop = this.stops.why(this.delivery);
        if (stop != null) {
            throw new JobStoppedException(stop);
        }
        send(RequestStatus.RUNNING, Math.clamp(percent, 0, 100), stage, null, null);
    }

    Delivery delivery() {
        return this.delivery;
    }

    /**
     * Holds a started update back until {@link #sendHeldStarted}, which the timer that
     * {@code schedule} starts will call; under the lock, so the timer finds its own
     * future set.
     */
    synchronized void holdStarted(String stage, Supplier<Future<?>> schedule) {
        this.heldStage = stage;
        this.startedTimer = schedule.get();
    }

    /**
     * Sends the held started update, if no other update was sent since it was held.
     */
    synchronized void sendHeldStarted() {
        if (this.heldStage != null) {
            send(RequestStatus.RUNNING, 0, this.heldStage, null, null);
        }
    }

    /** Forgets a held started update, and its timer. */
    synchronized void dropHeldStarted() {
        this.heldStage = null;
        if (this.startedTimer != null) {
            this.startedTimer.cancel(false);
            this.startedTimer = null;
        }
    }

    void succeeded(JsonNode result) {
        send(RequestStatus.SUCCEEDED, 100, "done", result, null);
    }

    void failed(JobError error) {
        send(RequestStatus.FAILED, null, "failed", null, error);
    }

    private synchronized void send(RequestStatus status, Integer progress, String stage, JsonNode result,
            JobError error) {
        // Any update makes a held started update pointless: it would only go stale.
        dropHeldStarted();
        this.seq++;
        this.publisher.publish(this.delivery, new JobUpdate(this.attempt, this.seq, status, progress, stage, result,
                error, this.workerId, Instant.now()));
    }

}

package io.backchannel.worker.testing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.worker.jobs.JobContext;
import io.backchannel.worker.jobs.JobHandler;
import io.backchannel.worker.jobs.JobStoppedException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A {@link JobContext} for unit tests of a {@link JobHandler}: give it a payload, call
 * the handler, then look at the progress it reported. No broker, no Redis.
 *
 * <pre>{@code
 * RecordingJobContext context = RecordingJobContext.of("{\"steps\":3}");
 * JsonNode result = handler.handle(context);
 * assertThat(context.progress()).extracting(Progress::percent).containsExactly(33, 66, 100);
 * }</pre>
 *
 * {@link #cancel()} makes it behave as the worker's context does once the request has
 * ended without the job: {@link #isCancelled()} answers true and {@link #progress} throws
 * {@link JobStoppedException}.
 */
public final class RecordingJobContext implements JobContext {

    /** One {@link #progress} call, its percent held to 0-100 as the worker holds it. */
    public record Progress(int percent, String stage) {
    }

    private final JsonNode payload;

    private final int attempt;

    private final @Nullable Instant deadline;

    private final CorrelationId correlationId = CorrelationId.of(UUID.randomUUID().toString());

    private final List<Progress> progress = new CopyOnWriteArrayList<>();

    private volatile boolean cancelled;

    private RecordingJobContext(JsonNode payload, int attempt, @Nullable Instant deadline) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        this.payload = payload;
        this.attempt = attempt;
        this.deadline = deadline;
    }

    /** The first attempt of a job with this payload (JSON text). */
    public static RecordingJobContext of(String payloadJson) {
        return of(payloadJson, 1);
    }

    /** The given attempt (from 1) of a job with this payload (JSON text). */
    public static RecordingJobContext of(String payloadJson, int attempt) {
        return new RecordingJobContext(Json.mapper().readTree(payloadJson), attempt, null);
    }

    /** The same job with a deadline. */
    public RecordingJobContext withDeadline(Instant deadline) {
        return new RecordingJobContext(this.payload, this.attempt, deadline);
    }

    /** From now on the request has ended without the job, as after its owner's cancel. */
    public void cancel() {
        this.cancelled = true;
    }

    /** What the handler reported so far, in order. */
    public List<Progress> progress() {
        return List.copyOf(this.progress);
    }

    @Override
    public JsonNode payload() {
        return this.payload;
    }

    @Override
    public CorrelationId correlationId() {
        return this.correlationId;
    }

    @Override
    public int attempt() {
        return this.attempt;
    }

    @Override
    public void progress(int percent, String stage) {
        if (this.cancelled) {
            throw new JobStoppedException("the request has ended");
        }
        // As the worker sends it.
        this.progress.add(new Progress(Math.clamp(percent, 0, 100), stage));
    }

    @Override
    public @Nullable Instant deadline() {
        return this.deadline;
    }

    @Override
    public boolean isCancelled() {
        return this.cancelled;
    }

}

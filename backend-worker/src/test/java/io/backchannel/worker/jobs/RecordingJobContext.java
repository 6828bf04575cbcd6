package io.backchannel.worker.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * A job context that keeps the progress a handler reports.
 */
final class RecordingJobContext implements JobContext {

    record Progress(int percent, String stage) {
    }

    private final JsonNode payload;

    private final int attempt;

    private final CorrelationId correlationId = CorrelationId.of(UUID.randomUUID().toString());

    final List<Progress> progress = new ArrayList<>();

    private RecordingJobContext(JsonNode payload, int attempt) {
        this.payload = payload;
        this.attempt = attempt;
    }

    static RecordingJobContext of(String payloadJson) {
        return of(payloadJson, 1);
    }

    static RecordingJobContext of(String payloadJson, int attempt) {
        return new RecordingJobContext(Json.mapper().readTree(payloadJson), attempt);
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
        this.progress.add(new Progress(percent, stage));
    }

    @Override
    public Instant deadline() {
        return null;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

}

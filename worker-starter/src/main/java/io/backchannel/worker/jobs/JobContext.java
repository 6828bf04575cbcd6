package io.backchannel.worker.jobs;

import java.time.Instant;

import io.backchannel.contracts.id.CorrelationId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a handler knows about the attempt it runs, and its way to report progress.
 */
public interface JobContext {

    /**
     * The client's input as it was sent; a JSON object unless the client sent garbage.
     */
    JsonNode payload();

    CorrelationId correlationId();

    /**
     * Which execution of this job this is, from 1. It grows with every retry and every
     * redelivery, possibly with gaps, and orders the job's updates.
     */
    int attempt();

    /**
     * Sends a {@code RUNNING} update and returns once the broker has it. Updates of one
     * attempt reach the client in the order they were sent.
     * @param percent how far the job is, 0 to 100
     * @param stage a short phrase on what the job is doing
     */
    void progress(int percent, String stage);

    /**
     * When the request ends {@code FAILED} with {@code deadline_exceeded} unless it has
     * ended before; null for a job from a node that sets none.
     */
    @Nullable Instant deadline();

    /**
     * Whether the request has ended without this job: its owner cancelled it, or its
     * deadline passed. Nothing the job sends from then on reaches anyone; a long job may
     * check this between steps, and {@link #progress} throws {@link JobStoppedException}
     * then.
     */
    boolean isCancelled();

}

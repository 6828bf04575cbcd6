package io.backchannel.contracts.amqp;

import java.time.Instant;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.RequestStatus;
import tools.jackson.databind.JsonNode;

/**
 * Body of a worker's update on {@code bc.replies}.
 *
 * <p>
 * {@code (attempt, seq)} orders the updates of one request: a web node applies an update
 * only if it is greater than the last one applied (attempt first, then seq), so
 * duplicates and stale redeliveries change nothing. A worker starts a new attempt with a
 * greater number on every retry and every redelivery, and counts seq from 1 within each
 * attempt.
 *
 * @param attempt which execution of the job this is, from 1
 * @param seq which update within that attempt, from 1
 * @param status RUNNING, SUCCEEDED or FAILED
 * @param progress 0 to 100, or null
 * @param stage a short word on what the worker is doing, or null
 * @param result the result, with SUCCEEDED
 * @param error the reason, with FAILED
 * @param workerId which worker sent it
 * @param at when it was sent
 */
public record JobUpdate(int attempt, int seq, RequestStatus status, Integer progress, String stage, JsonNode result,
        JobError error, String workerId, Instant at) {

}

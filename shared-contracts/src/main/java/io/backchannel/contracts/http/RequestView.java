package io.backchannel.contracts.http;

import java.time.Instant;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import tools.jackson.databind.JsonNode;

/**
 * A request record as its owner sees it over HTTP ({@code GET /api/requests/{id}}, and
 * the body of a 202).
 *
 * @param correlationId the request's id
 * @param type the job type
 * @param status where it stands
 * @param progress 0 to 100, or null before a worker reports any
 * @param stage a short word from the worker on what it is doing, or null
 * @param result the job's result once SUCCEEDED
 * @param error why it failed once FAILED
 * @param seq how many updates the record has taken; it only grows
 * @param acceptedBy the web node that took the request
 * @param createdAt when it was first accepted
 * @param updatedAt when the record last changed
 * @param deadline when the request ends {@code FAILED} with {@code deadline_exceeded}
 * unless it has ended before; null for a record written before deadlines existed
 * @param callback the request's callback and how its delivery stands; null for none
 */
public record RequestView(CorrelationId correlationId, String type, RequestStatus status, Integer progress,
        String stage, JsonNode result, JobError error, long seq, String acceptedBy, Instant createdAt,
        Instant updatedAt, Instant deadline, CallbackView callback) {

    /** A view without a deadline. */
    public RequestView(CorrelationId correlationId, String type, RequestStatus status, Integer progress, String stage,
            JsonNode result, JobError error, long seq, String acceptedBy, Instant createdAt, Instant updatedAt) {
        this(correlationId, type, status, progress, stage, result, error, seq, acceptedBy, createdAt, updatedAt, null,
                null);
    }

}

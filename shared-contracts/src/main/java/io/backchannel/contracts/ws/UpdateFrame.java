package io.backchannel.contracts.ws;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import tools.jackson.databind.JsonNode;

/**
 * One change of one request, pushed to every socket of its owner.
 *
 * <p>
 * Delivery is at least once and, per socket, in {@code eventId} order: a client drops an
 * event whose id it has already seen, and resumes after a reconnect with the last id it
 * has.
 *
 * @param eventId the event's id in the client's inbox (a Redis stream id); grows per
 * client
 * @param correlationId which request
 * @param status where it stands now
 * @param progress 0 to 100, or null
 * @param stage the worker's word on what it is doing, or null
 * @param result set once SUCCEEDED
 * @param error set once FAILED
 * @param seq the record's update count after this update; grows per request
 * @param route how the update travelled
 * @param traceId the trace the request's work ran in (W3C, 32 hex digits), to find its
 * spans and log lines on every node and worker; absent when nothing traced it
 */
public record UpdateFrame(String eventId, CorrelationId correlationId, RequestStatus status, Integer progress,
        String stage, JsonNode result, JobError error, long seq, Route route, String traceId) implements InboxFrame {

    /** An update outside any trace. */
    public UpdateFrame(String eventId, CorrelationId correlationId, RequestStatus status, Integer progress,
            String stage, JsonNode result, JobError error, long seq, Route route) {
        this(eventId, correlationId, status, progress, stage, result, error, seq, route, null);
    }

    /** This update as the event with the given inbox id and record sequence. */
    @Override
    public UpdateFrame withEvent(String eventId, long seq) {
        return new UpdateFrame(eventId, this.correlationId, this.status, this.progress, this.stage, this.result,
                this.error, seq, this.route, this.traceId);
    }

    @Override
    public UpdateFrame withRoute(Route route) {
        return new UpdateFrame(this.eventId, this.correlationId, this.status, this.progress, this.stage, this.result,
                this.error, this.seq, route, this.traceId);
    }

}

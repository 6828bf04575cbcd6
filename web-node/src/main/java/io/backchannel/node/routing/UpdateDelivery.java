package io.backchannel.node.routing;

import java.time.Clock;

import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.Route;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.node.callback.CallbackNotScheduledException;
import io.backchannel.node.callback.CallbackScheduler;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.ApplyOutcome;
import io.backchannel.node.record.EndedRequests;
import io.backchannel.node.record.RequestRecords;
import io.backchannel.node.tracing.RequestTrace;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Applies one update to its request's record and sends it to its owner's sockets: the one
 * path every update takes, whether a worker sent it or a node ended the request (its
 * deadline, a cancel).
 */
@Component
public class UpdateDelivery {

    private final RequestRecords records;

    private final InboxRouter router;

    private final ReplyMeters meters;

    private final EndedRequests ended;

    private final CallbackScheduler callbacks;

    private final String nodeId;

    private final Clock clock;

    private final RequestTrace trace;

    UpdateDelivery(RequestRecords records, InboxRouter router, ReplyMeters meters, EndedRequests ended,
            CallbackScheduler callbacks, NodeIdentity node, Clock clock, RequestTrace trace) {
        this.trace = trace;
        this.callbacks = callbacks;
        this.records = records;
        this.router = router;
        this.meters = meters;
        this.ended = ended;
        this.nodeId = node.id().value();
        this.clock = clock;
    }

    /**
     * Applies {@code update} atomically; routes it when it is new, routes the stored
     * event again when it is a redelivery, drops it otherwise.
     * @param acceptedBy the node that accepted the request, for the frame's route, when
     * known
     * @throws DataAccessException when Redis cannot be reached: nothing was routed, and
     * delivering the same update again is safe
     * @throws CallbackNotScheduledException when the request's callback could not be
     * handed to the broker: delivering the same update again schedules it
     */
    public ApplyOutcome deliver(ClientId client, CorrelationId id, JobUpdate update, @Nullable String acceptedBy) {
        UpdateFrame frame = new UpdateFrame(null, id, update.status(), update.progress(), update.stage(),
                update.result(), update.error(), 0, new Route(acceptedBy, this.nodeId, null, null),
                this.trace.traceId());
        String body = Json.mapper().writeValueAsString((ServerFrame) frame);
        long now = this.clock.millis();
        ApplyOutcome outcome = this.records.apply(client, id, update, body, now);
        this.meters.consumed(outcome, update.status(), now);
        if (outcome.kind() == ApplyOutcome.Kind.APPLIED) {
            this.router.route(client, outcome, frame.withEvent(outcome.eventId(), outcome.seq()), body);
            if (update.status().isTerminal()) {
                this.ended.add(client, id);
            }
        }
        else if (outcome.kind() == ApplyOutcome.Kind.DUPLICATE) {
            this.router.route(client, outcome, null, null);
        }
        // Again on a duplicate: the step that applied the end may have died before this.
        if (outcome.kind().delivers() && update.status().isTerminal() && outcome.callbackUrl() != null) {
            this.callbacks.first(client, id, outcome.eventId(), outcome.callbackUrl());
        }
        return outcome;
    }

}

package io.backchannel.node.publish;

import java.util.regex.Pattern;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.PublishAnswer;
import io.backchannel.contracts.http.PublishRequest;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.EventFrame;
import io.backchannel.contracts.ws.Route;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.intake.PayloadHash;
import io.backchannel.node.presence.PresenceRegistry;
import io.backchannel.node.record.Inbox;
import io.backchannel.node.record.PublishOutcome;
import io.backchannel.node.routing.InboxRouter;
import io.backchannel.node.web.ApiProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Delivers a backend's event to every socket of a user: appended to the user's inbox once
 * per publish id (so it is replayed after a reconnect, from any node), then routed like
 * an update.
 */
@Component
class EventPublisher {

    private static final Logger logger = LoggerFactory.getLogger(EventPublisher.class);

    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    private static final int MAX_USER_ID_LENGTH = 1024;

    private final Inbox inbox;

    private final PresenceRegistry presence;

    private final InboxRouter router;

    private final String nodeId;

    private final MeterRegistry meters;

    EventPublisher(Inbox inbox, PresenceRegistry presence, InboxRouter router, NodeIdentity node,
            MeterRegistry meters) {
        this.inbox = inbox;
        this.presence = presence;
        this.router = router;
        this.nodeId = node.id().value();
        this.meters = meters;
    }

    /**
     * @return the answer, and whether this call stored the event
     * @throws ApiProblemException 400 for a field of the wrong form, 409 for an id
     * published before with another body
     */
    Published publish(PublishRequest request) {
        String userId = userId(request.userId());
        CorrelationId id = publishId(request.id());
        PublishRequest.Event event = request.event();
        if (event == null) {
            throw new ApiProblemException(ProblemType.BAD_REQUEST, "Field 'event' is required.");
        }
        if (event.type() == null || !EVENT_TYPE.matcher(event.type()).matches()) {
            throw new ApiProblemException(ProblemType.BAD_REQUEST,
                    "Field 'event.type' must be 1 to 100 letters, digits and . _ : - (starting with a letter or digit).");
        }
        JsonNode data = data(event.data());
        ClientId client = ClientId.forUser(userId);
        EventFrame frame = new EventFrame(null, id.value(), new EventFrame.PublishedEvent(event.type(), data),
                new Route(this.nodeId, this.nodeId, null, null));
        String body = Json.mapper().writeValueAsString((ServerFrame) frame);
        PublishOutcome outcome = this.inbox.appendPublished(client, id.value(), body, fingerprint(event.type(), data));
        this.meters.counter("backchannel.events.published", "outcome", outcome.kind().name().toLowerCase()).increment();
        switch (outcome.kind()) {
            case CONFLICT ->
                throw new ApiProblemException(ProblemType.CONFLICT, "This id was published before with another event.");
            case APPENDED -> {
                this.router.route(client, outcome.eventId(), outcome.previousEventId(), 0,
                        this.presence.nodesOf(client), frame.withEvent(outcome.eventId(), 0), body);
                logger.info("Event {} of type {} published to client {}", id, event.type(), client);
            }
            // The first call may have died before routing it: ring the sockets' doorbell,
            // and each reads its inbox up to the event (once, whatever it had).
            case REPEATED ->
                this.router.route(client, outcome.eventId(), null, 0, this.presence.nodesOf(client), null, null);
        }
        return new Published(new PublishAnswer(id.value(), outcome.eventId()),
                outcome.kind() == PublishOutcome.Kind.APPENDED);
    }

    private static String userId(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > MAX_USER_ID_LENGTH) {
            throw new ApiProblemException(ProblemType.BAD_REQUEST,
                    "Field 'userId' must name the user, in 1 to " + MAX_USER_ID_LENGTH + " characters.");
        }
        return userId;
    }

    private static CorrelationId publishId(String id) {
        try {
            return CorrelationId.of(id);
        }
        catch (InvalidIdException ex) {
            throw new ApiProblemException(ProblemType.BAD_REQUEST, "Field 'id' must be a UUID.");
        }
    }

    private static JsonNode data(JsonNode data) {
        if (data == null || data.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!data.isObject()) {
            throw new ApiProblemException(ProblemType.BAD_REQUEST, "Field 'event.data' must be a JSON object.");
        }
        return data;
    }

    /** What tells a repeat of a publish from another event under its id. */
    private static String fingerprint(String type, JsonNode data) {
        ObjectNode whole = JsonNodeFactory.instance.objectNode();
        whole.put("type", type);
        whole.set("data", data);
        return PayloadHash.of(whole);
    }

    /**
     * @param answer the body
     * @param stored whether this call stored the event (202), or an earlier one had (200)
     */
    record Published(PublishAnswer answer, boolean stored) {

    }

}

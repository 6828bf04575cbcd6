package io.backchannel.load.socketio;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.Route;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import tools.jackson.databind.JsonNode;

/**
 * The baseline's {@code update} event as the tally reads updates. The baseline has no
 * event ids: each event a socket receives gets the next number of that socket, so a
 * second terminal event for one request counts as a duplicate, as a user would see it
 * twice.
 */
final class BaselineUpdates {

    private BaselineUpdates() {
    }

    /**
     * @param update {@code {correlationId, status, result | error, receivedBy}}
     * @param socketNode the server holding the socket (from its welcome), or null
     * @param number this event's number on its socket
     * @return the update, its route local when the server that consumed the reply holds
     * the socket, else over Redis (backplane)
     * @throws IllegalArgumentException when a field is missing or wrong
     */
    static UpdateFrame frame(JsonNode update, String socketNode, long number) {
        Event event = Json.mapper().treeToValue(update, Event.class);
        if (event.correlationId() == null || event.status() == null) {
            throw new IllegalArgumentException("an update without correlationId or status: " + update);
        }
        Via via = (socketNode != null && socketNode.equals(event.receivedBy())) ? Via.LOCAL : Via.BACKPLANE;
        return new UpdateFrame(number + "-0", event.correlationId(), event.status(), null, null, event.result(),
                event.error(), 1, new Route(null, event.receivedBy(), socketNode, via));
    }

    private record Event(CorrelationId correlationId, RequestStatus status, JsonNode result, JobError error,
            String receivedBy) {

    }

}

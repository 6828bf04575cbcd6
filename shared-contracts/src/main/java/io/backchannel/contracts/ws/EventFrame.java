package io.backchannel.contracts.ws;

import tools.jackson.databind.JsonNode;

/**
 * An event the application's backend published to a user ({@code POST /api/publish}),
 * delivered like an update: to every socket of the user, through the inbox, so it
 * survives reconnects and node restarts (added to v1).
 *
 * @param eventId the event's id in the client's inbox
 * @param id the id the publisher chose; a repeated publish of it is delivered once
 * @param event what was published
 * @param route how it travelled ({@code acceptedBy}: the node the publish came to)
 */
public record EventFrame(String eventId, String id, PublishedEvent event, Route route) implements InboxFrame {

    @Override
    public EventFrame withEvent(String eventId, long seq) {
        return new EventFrame(eventId, this.id, this.event, this.route);
    }

    @Override
    public EventFrame withRoute(Route route) {
        return new EventFrame(this.eventId, this.id, this.event, route);
    }

    /**
     * What a backend published.
     *
     * @param type the application's name for it ({@code order.shipped})
     * @param data a JSON object, as published
     */
    public record PublishedEvent(String type, JsonNode data) {

    }

}

package io.backchannel.contracts.ws;

/**
 * A frame that is an event of the client's inbox: delivered to every socket of the
 * client, at least once and, per socket, in {@code eventId} order, and replayed after a
 * reconnect from the client's {@code lastEventId}, whatever its kind.
 */
public sealed interface InboxFrame extends ServerFrame permits UpdateFrame, EventFrame {

    /** The event's id in the client's inbox (a Redis stream id); grows per client. */
    String eventId();

    /** How it travelled. */
    Route route();

    /**
     * This frame as the inbox event with the given id.
     * @param seq the entry's record sequence (updates only)
     */
    InboxFrame withEvent(String eventId, long seq);

    InboxFrame withRoute(Route route);

}

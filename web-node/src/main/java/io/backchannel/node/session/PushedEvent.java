package io.backchannel.node.session;

import io.backchannel.contracts.ws.InboxFrame;

/**
 * An inbox event on its way to the sockets of its owner.
 *
 * @param eventId the event's inbox id
 * @param previousEventId the inbox entry just before it, or null when it was the first; a
 * socket whose cursor is there takes the frame as is, any other reads the gap from the
 * inbox first
 * @param frame the event's frame with its eventId (and an update's seq), or null for a
 * doorbell: "read your inbox up to eventId" (sent for redeliveries, whose frame is
 * already stored)
 */
public record PushedEvent(String eventId, String previousEventId, InboxFrame frame) {

}

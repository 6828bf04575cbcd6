package io.backchannel.node.backplane;

/**
 * An event forwarded from the node that consumed a reply to a node that holds its owner's
 * socket.
 *
 * @param from the sending node; a node ignores its own echoes
 * @param clientId the owner
 * @param eventId the inbox event id
 * @param previousEventId the inbox entry before it, or null
 * @param seq the record's update count with this event
 * @param body the update frame JSON as stored in the inbox, or null for a doorbell ("read
 * your inbox up to eventId")
 * @param sentAt when it was published (epoch ms), to measure the backplane's latency
 * @param traceparent the trace the event was routed in (W3C), continued by the receiving
 * node's push; null outside any
 */
public record BackplaneMessage(String from, String clientId, String eventId, String previousEventId, long seq,
        String body, long sentAt, String traceparent) {

}

package io.backchannel.node.routing;

/**
 * Thrown out of the reply listener to return a reply to its queue (the container rejects
 * it with requeue) while this node hands its replies back ({@link ReplyHandBack}).
 */
class ReplyHandedBackException extends RuntimeException {

    ReplyHandedBackException() {
        super("Redis unreachable from this node: reply returned to the broker for another node", null, false, false);
    }

}

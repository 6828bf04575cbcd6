package io.backchannel.node.routing;

/**
 * Thrown out of the reply listener for a reply held for Redis when the node hands its
 * work to nodes that Redis answers: the listener container rejects it, requeued, and
 * another node applies it.
 */
class ReplyGivenBackException extends RuntimeException {

    ReplyGivenBackException() {
        super("Redis does not answer this node but answers others: reply given back to the broker", null, false, false);
    }

}

package io.backchannel.node.backplane;

import io.backchannel.contracts.id.NodeId;

/**
 * Carries an event to the one node that holds a socket of its owner (targeted, not
 * broadcast: the cost of one event does not grow with the number of nodes).
 *
 * <p>
 * Delivery is best effort and at most once: a message sent while the target is not
 * subscribed is lost. That is safe because the push is only the fast path. The event is
 * already in the owner's inbox, and the target replays every local socket from its cursor
 * whenever its subscription is (re)established, and fills any gap it notices on the next
 * event.
 */
public interface Backplane {

    void publish(NodeId target, BackplaneMessage message);

}

package io.backchannel.node.routing;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.node.backplane.Backplane;
import io.backchannel.node.backplane.BackplaneMessage;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.ApplyOutcome;
import io.backchannel.node.session.PushedEvent;
import io.backchannel.node.session.SocketFeed;

import org.springframework.stereotype.Component;

/**
 * Sends an applied update to every node holding a socket of its owner: to this node's
 * sockets directly, to other nodes over the backplane, one message per node.
 */
@Component
class ReplyRouter {

    private final NodeId self;

    private final SocketFeed feed;

    private final Backplane backplane;

    ReplyRouter(NodeIdentity node, SocketFeed feed, Backplane backplane) {
        this.self = node.id();
        this.feed = feed;
        this.backplane = backplane;
    }

    /**
     * @param frame the new event's frame (with eventId and seq), or null for a redelivery
     * @param body the frame as stored in the inbox, or null for a redelivery
     */
    void route(ClientId client, ApplyOutcome outcome, UpdateFrame frame, String body) {
        PushedEvent event = new PushedEvent(outcome.eventId(), outcome.previousEventId(), frame);
        for (NodeId node : outcome.nodes()) {
            if (node.equals(this.self)) {
                this.feed.push(client, event, Via.LOCAL);
            }
            else {
                this.backplane.publish(node, new BackplaneMessage(this.self.value(), client.value(), outcome.eventId(),
                        outcome.previousEventId(), outcome.seq(), body, System.currentTimeMillis()));
            }
        }
    }

}

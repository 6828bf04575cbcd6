package io.backchannel.node.routing;

import java.util.List;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.contracts.ws.InboxFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.node.backplane.Backplane;
import io.backchannel.node.backplane.BackplaneMessage;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.ApplyOutcome;
import io.backchannel.node.session.PushedEvent;
import io.backchannel.node.session.SocketFeed;
import io.backchannel.node.tracing.RequestTrace;

import org.springframework.stereotype.Component;

/**
 * Sends a new inbox event (an applied update, a published event) to every node holding a
 * socket of its owner: to this node's sockets directly, to other nodes over the
 * backplane, one message per node.
 */
@Component
public class InboxRouter {

    private final NodeId self;

    private final SocketFeed feed;

    private final Backplane backplane;

    private final RequestTrace trace;

    InboxRouter(NodeIdentity node, SocketFeed feed, Backplane backplane, RequestTrace trace) {
        this.self = node.id();
        this.feed = feed;
        this.backplane = backplane;
        this.trace = trace;
    }

    /**
     * @param frame the new event's frame (with eventId and seq), or null for a redelivery
     * @param body the frame as stored in the inbox, or null for a redelivery
     */
    void route(ClientId client, ApplyOutcome outcome, UpdateFrame frame, String body) {
        route(client, outcome.eventId(), outcome.previousEventId(), outcome.seq(), outcome.nodes(), frame, body);
    }

    /**
     * @param eventId the event's inbox id
     * @param previousEventId the inbox entry just before it, or null
     * @param seq its record sequence (0 for events that are no update)
     * @param nodes the nodes holding a live session of the owner
     * @param frame the event's frame (with its eventId), or null for a doorbell: "read
     * your inbox up to eventId" (an event appended before, whose routing may have been
     * lost)
     * @param body the frame as stored in the inbox, or null with a null frame
     */
    public void route(ClientId client, String eventId, String previousEventId, long seq, List<NodeId> nodes,
            InboxFrame frame, String body) {
        PushedEvent event = new PushedEvent(eventId, previousEventId, frame);
        // One message for every other node, made only when there is one.
        BackplaneMessage message = null;
        for (NodeId node : nodes) {
            if (node.equals(this.self)) {
                this.feed.push(client, event, Via.LOCAL);
            }
            else {
                if (message == null) {
                    message = new BackplaneMessage(this.self.value(), client.value(), eventId, previousEventId, seq,
                            body, System.currentTimeMillis(), this.trace.traceparent());
                }
                this.backplane.publish(node, message);
            }
        }
    }

}

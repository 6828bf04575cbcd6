package io.backchannel.node.session;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.Route;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.Inbox;
import io.backchannel.node.record.Inbox.InboxEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Writes a client's inbox to its sockets on this node: in inbox order, each event once
 * per socket, and with no gaps.
 *
 * <p>
 * A pushed event whose predecessor is the socket's cursor is written as it came (the fast
 * path, no Redis read). Anything else, an event that overtook another on a different
 * thread or node, a doorbell, or a socket that missed a push, makes the socket read its
 * inbox from its cursor onwards. Events at or before the cursor are dropped. So the push
 * may lose, reorder or repeat events, and the socket still sees the inbox exactly.
 */
@Component
public class SocketFeed {

    private final Inbox inbox;

    private final LocalSessions sessions;

    private final String nodeId;

    private final Map<Via, Counter> delivered = new EnumMap<>(Via.class);

    public SocketFeed(Inbox inbox, LocalSessions sessions, NodeIdentity node, MeterRegistry meters) {
        this.inbox = inbox;
        this.sessions = sessions;
        this.nodeId = node.id().value();
        for (Via via : Via.values()) {
            this.delivered.put(via,
                    Counter.builder("backchannel.updates.delivered")
                        .description("Updates written to sockets, by the path they took")
                        .tag("via", via.wire())
                        .register(meters));
        }
        Gauge.builder("backchannel.sockets.open", sessions, LocalSessions::count)
            .description("Sockets this node holds whose hello was accepted")
            .register(meters);
    }

    /** Offers an event to every socket of its owner on this node. */
    public void push(ClientId client, PushedEvent event, Via via) {
        for (ClientSocket socket : this.sessions.of(client)) {
            offer(socket, event, via);
        }
    }

    /**
     * Brings a socket up to date with its inbox (after a hello, or a backplane outage).
     */
    public void catchUp(ClientSocket socket) {
        socket.lock().lock();
        try {
            replay(socket, null, null);
        }
        finally {
            socket.lock().unlock();
        }
    }

    private void offer(ClientSocket socket, PushedEvent event, Via via) {
        socket.lock().lock();
        try {
            if (!socket.isOpen() || EventIds.compare(event.eventId(), socket.cursor()) <= 0) {
                return;
            }
            String previous = (event.previousEventId() != null) ? event.previousEventId() : EventIds.START;
            if (event.frame() != null && previous.equals(socket.cursor())) {
                write(socket, event.frame(), via);
            }
            else {
                replay(socket, event.eventId(), via);
            }
        }
        finally {
            socket.lock().unlock();
        }
    }

    /**
     * Writes everything after the cursor; the pushed event, if met, keeps the way it
     * came.
     */
    private void replay(ClientSocket socket, String pushedEventId, Via pushedVia) {
        while (socket.isOpen()) {
            List<InboxEvent> events = this.inbox.readAfter(socket.client(), socket.cursor());
            for (InboxEvent event : events) {
                UpdateFrame frame = ((UpdateFrame) Json.mapper().readValue(event.body(), ServerFrame.class))
                    .withEvent(event.eventId(), event.seq());
                Via via = event.eventId().equals(pushedEventId) ? pushedVia : Via.REPLAY;
                if (!write(socket, frame, via)) {
                    return;
                }
            }
            if (events.size() < this.inbox.batchSize()) {
                return;
            }
        }
    }

    private boolean write(ClientSocket socket, UpdateFrame frame, Via via) {
        Route stored = frame.route();
        Route route = new Route((stored != null) ? stored.acceptedBy() : null,
                (stored != null) ? stored.receivedBy() : null, this.nodeId, via);
        if (socket.send(frame.withRoute(route))) {
            socket.advance(frame.eventId());
            this.delivered.get(via).increment();
            return true;
        }
        return false;
    }

}

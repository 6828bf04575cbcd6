package io.backchannel.node.session;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.InboxFrame;
import io.backchannel.contracts.ws.Route;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.waiting.Waiters;
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
 * Each socket's {@link DeliveryCursor} decides what to write and when to read the inbox
 * instead, so the push may lose, reorder or repeat events and the socket still sees the
 * inbox exactly; this class gives the cursor the socket to write to and the inbox to
 * read.
 */
@Component
public class SocketFeed {

    private final Inbox inbox;

    private final LocalSessions sessions;

    private final Waiters waiters;

    private final String nodeId;

    private final Map<Via, Counter> delivered = new EnumMap<>(Via.class);

    public SocketFeed(Inbox inbox, LocalSessions sessions, Waiters waiters, NodeIdentity node, MeterRegistry meters) {
        this.inbox = inbox;
        this.waiters = waiters;
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

    /**
     * Offers an event to every socket of its owner on this node, and tells the HTTP calls
     * here that wait for its request to move.
     */
    public void push(ClientId client, PushedEvent event, Via via) {
        if (event.frame() instanceof UpdateFrame update) {
            this.waiters.updated(client, update);
        }
        for (ClientSocket socket : this.sessions.of(client)) {
            Feed feed = new Feed(socket);
            socket.cursor().offer(event, via, feed, feed);
        }
    }

    /**
     * Brings a socket up to date with its inbox (after a hello, or a backplane outage).
     */
    public void catchUp(ClientSocket socket) {
        Feed feed = new Feed(socket);
        socket.cursor().catchUp(feed, feed);
    }

    /** One socket and its owner's inbox, as its cursor writes and reads them. */
    private final class Feed implements DeliveryCursor.Writer, DeliveryCursor.Backlog {

        private final ClientSocket socket;

        Feed(ClientSocket socket) {
            this.socket = socket;
        }

        @Override
        public boolean isOpen() {
            return this.socket.isOpen();
        }

        @Override
        public boolean write(InboxFrame frame, Via via) {
            Route stored = frame.route();
            Route route = new Route((stored != null) ? stored.acceptedBy() : null,
                    (stored != null) ? stored.receivedBy() : null, SocketFeed.this.nodeId, via);
            if (this.socket.send(frame.withRoute(route))) {
                SocketFeed.this.delivered.get(via).increment();
                return true;
            }
            return false;
        }

        @Override
        public List<InboxFrame> after(String eventId) {
            List<InboxEvent> events = SocketFeed.this.inbox.readAfter(this.socket.client(), eventId);
            List<InboxFrame> frames = new ArrayList<>(events.size());
            for (InboxEvent event : events) {
                frames.add(((InboxFrame) Json.mapper().readValue(event.body(), ServerFrame.class))
                    .withEvent(event.eventId(), event.seq()));
            }
            return frames;
        }

        @Override
        public int batchSize() {
            return SocketFeed.this.inbox.batchSize();
        }

    }

}

package io.backchannel.node.backplane;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.contracts.ws.InboxFrame;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.session.ClientSocket;
import io.backchannel.node.session.LocalSessions;
import io.backchannel.node.session.PushedEvent;
import io.backchannel.node.session.SocketFeed;
import io.backchannel.node.tracing.RequestTrace;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;

/**
 * The backplane on Redis pub/sub: each node subscribes to its own channel
 * {@code bc:node:{nodeId}}, and others send there: {@code PUBLISH} on a single Redis
 * server, {@code SPUBLISH} on a Redis Cluster ({@link ShardedSender}). Receiving is the
 * same for both.
 */
class RedisBackplane implements Backplane, MessageListener, SubscriptionListener {

    private static final Logger logger = LoggerFactory.getLogger(RedisBackplane.class);

    private final BackplaneSender sender;

    private final NodeIdentity node;

    private final SocketFeed feed;

    private final LocalSessions sessions;

    private final Executor catchUps;

    private final ClientLanes lanes;

    private final Timer latency;

    private final RequestTrace trace;

    RedisBackplane(BackplaneSender sender, NodeIdentity node, SocketFeed feed, LocalSessions sessions,
            Executor catchUps, ClientLanes lanes, MeterRegistry meters, RequestTrace trace) {
        this.trace = trace;
        this.sender = sender;
        this.node = node;
        this.feed = feed;
        this.sessions = sessions;
        this.catchUps = catchUps;
        this.lanes = lanes;
        this.latency = Timer.builder("backchannel.backplane.latency")
            .description("From PUBLISH on the sending node to receipt here")
            .publishPercentileHistogram()
            .register(meters);
    }

    @Override
    public void publish(NodeId target, BackplaneMessage message) {
        this.sender.send(RedisKeys.nodeChannel(target), Json.mapper().writeValueAsString(message));
    }

    /**
     * Called on the subscription's own thread, in the order of publication: reads the
     * message, and hands the push to the client's lane.
     */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        if (message.getBody().length == 0) {
            // A probe of the subscription (ShardedSubscription), not a message.
            return;
        }
        BackplaneMessage received;
        ClientId client;
        try {
            received = Json.mapper().readValue(message.getBody(), BackplaneMessage.class);
            client = ClientId.of(received.clientId());
        }
        catch (JacksonException | IllegalArgumentException ex) {
            logger.warn("Dropped an unreadable backplane message: {}", ex.getMessage());
            return;
        }
        if (this.node.id().value().equals(received.from())) {
            return;
        }
        this.latency.record(Math.max(0, System.currentTimeMillis() - received.sentAt()), TimeUnit.MILLISECONDS);
        InboxFrame frame = (received.body() != null)
                ? ((InboxFrame) Json.mapper().readValue(received.body(), ServerFrame.class))
                    .withEvent(received.eventId(), received.seq())
                : null;
        PushedEvent event = new PushedEvent(received.eventId(), received.previousEventId(), frame);
        this.lanes.run(client, () -> this.trace.continued("backchannel.backplane.push", received.traceparent(),
                () -> this.feed.push(client, event, Via.BACKPLANE)));
    }

    /**
     * Pub/sub drops what is sent while a subscriber is away, so every (re)subscription is
     * followed by a catch-up of every local socket from its cursor.
     */
    @Override
    public void onChannelSubscribed(byte[] channel, long count) {
        logger.info("Backplane subscribed to {}; catching up {} local sockets",
                new String(channel, StandardCharsets.UTF_8), this.sessions.count());
        this.catchUps.execute(() -> {
            for (ClientSocket socket : this.sessions.all()) {
                try {
                    this.feed.catchUp(socket);
                }
                catch (RuntimeException ex) {
                    logger.warn("Catch-up of socket {} failed: {}", socket.id(), ex.getMessage());
                }
            }
        });
    }

}

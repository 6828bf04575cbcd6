package io.backchannel.node.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps this node visibly alive: every interval it writes its heartbeat into the node
 * registry {@code bc:nodes} and refreshes the presence of every socket it holds
 * ({@link HeldSockets}). A node that dies stops doing so: its presence entries expire
 * after the heartbeat TTL, and the cluster view drops its heartbeat once it is that old.
 */
@Component
class NodeHeartbeat implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final StringRedisTemplate redis;

    private final NodeIdentity node;

    private final NodeProperties properties;

    private final HeldSockets sockets;

    private final Clock clock;

    private final Instant startedAt;

    private ScheduledExecutorService timer;

    NodeHeartbeat(StringRedisTemplate redis, NodeIdentity node, NodeProperties properties, HeldSockets sockets,
            Clock clock) {
        this.redis = redis;
        this.node = node;
        this.properties = properties;
        this.sockets = sockets;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    public synchronized void start() {
        this.timer = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("node-heartbeat").factory());
        long interval = this.properties.heartbeatInterval().toMillis();
        this.timer.scheduleWithFixedDelay(this::beat, 0, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (this.timer != null) {
            this.timer.shutdownNow();
            this.timer = null;
        }
        try {
            this.redis.opsForHash().delete(RedisKeys.nodes(), this.node.id().value());
        }
        catch (RuntimeException ex) {
            logger.debug("Could not remove heartbeat: {}", ex.getMessage());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.timer != null;
    }

    void beat() {
        try {
            int held = this.sockets.refreshPresence();
            String state = Json.mapper()
                .writeValueAsString(new NodeState(this.node.id().value(), held, this.startedAt, this.clock.instant()));
            this.redis.opsForHash().put(RedisKeys.nodes(), this.node.id().value(), state);
            // The registry outlives its nodes by one TTL at most, when every node is
            // gone.
            this.redis.expire(RedisKeys.nodes(), this.properties.heartbeatTtl());
        }
        catch (RuntimeException ex) {
            logger.warn("Heartbeat failed: {}", ex.getMessage());
        }
    }

    /**
     * What a node's heartbeat key holds.
     *
     * @param nodeId the node
     * @param sockets how many sockets it holds
     * @param startedAt when it started
     * @param at when it wrote this
     */
    record NodeState(String nodeId, int sockets, Instant startedAt, Instant at) {

    }

}

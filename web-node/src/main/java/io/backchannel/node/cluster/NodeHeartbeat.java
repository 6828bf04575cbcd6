package io.backchannel.node.cluster;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this node visibly alive: every interval it writes its heartbeat into the
 * {@link NodeRegistry}, writes again the presence entries of one slice of its sockets
 * ({@link HeldSockets}), and reads the registry, whose heartbeats tell the other nodes'
 * stale entries. A node that dies stops doing so: once its heartbeat is older than the
 * TTL, its entries count as gone (design note 37).
 *
 * <p>
 * A heartbeat that finds its own entry missing from the registry after the first found a
 * Redis that lost its data (a restart without persistence, a failover that lost writes):
 * then every socket's entry is written again at once, not slice by slice.
 */
@Component
class NodeHeartbeat implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final NodeRegistry registry;

    private final NodeIdentity node;

    private final NodeProperties properties;

    private final HeldSockets sockets;

    private final Clock clock;

    private ScheduledExecutorService timer;

    /** Heartbeats written; touched by the timer thread only. */
    private long beats;

    NodeHeartbeat(NodeRegistry registry, NodeIdentity node, NodeProperties properties, HeldSockets sockets,
            Clock clock) {
        this.registry = registry;
        this.node = node;
        this.properties = properties;
        this.sockets = sockets;
        this.clock = clock;
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
            this.registry.remove(this.node.id().value());
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
            int slices = this.properties.presenceSlices();
            int held = this.sockets.refreshPresence((int) (this.beats % slices), slices);
            boolean missing = this.registry
                .write(new NodeState(this.node.id().value(), held, this.node.startedAt(), this.clock.instant()));
            if (missing && this.beats > 0) {
                logger.warn("This node's heartbeat was missing from Redis, which lost its data: writing the presence "
                        + "of all {} sockets again", held);
                this.sockets.refreshPresence(0, 1);
            }
            this.beats++;
            this.registry.read();
        }
        catch (RuntimeException ex) {
            logger.warn("Heartbeat failed: {}", ex.getMessage());
        }
    }

}

package io.backchannel.node.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Waits, after a write that a client is owed, until Redis replicas hold it: {@code WAIT}
 * on the very connection that carried the write, the node connection of the primary that
 * owns the key's slot on a Redis Cluster. Redis replicates asynchronously, so without
 * this a primary that dies right after answering takes the write with it, and the replica
 * that takes over has never seen it. {@code WAIT} counts every write sent on that
 * connection before it, so it also covers writes of other threads, which is what they
 * would want.
 *
 * <p>
 * Off ({@code backchannel.records.replica-acks=0}) by default: a single server has no
 * replica to wait for. A {@code WAIT} that times out is counted
 * ({@code backchannel.redis.replica.ack.timeouts}) and the caller goes on: the write is
 * on the primary, and refusing the request now would not make it safer.
 */
@Component
class ReplicaAcks {

    private static final Logger logger = LoggerFactory.getLogger(ReplicaAcks.class);

    private final StringRedisTemplate redis;

    private final int replicas;

    private final long timeoutMillis;

    private final Counter waits;

    private final Counter timeouts;

    /** How long a primary whose WAIT timed out is not waited on. */
    static final Duration PAUSE = Duration.ofSeconds(5);

    /** Primaries (host:port, or "" for a single server) not waited on, until when. */
    private final Map<String, Instant> paused = new ConcurrentHashMap<>();

    private final Clock clock;

    ReplicaAcks(StringRedisTemplate redis, RecordProperties properties, MeterRegistry meters, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.replicas = properties.replicaAcks();
        this.timeoutMillis = properties.replicaAckTimeout().toMillis();
        this.waits = Counter.builder("backchannel.redis.replica.acks")
            .description("WAITs for replicas after writes clients are owed")
            .register(meters);
        this.timeouts = Counter.builder("backchannel.redis.replica.ack.timeouts")
            .description("WAITs that ended before enough replicas had the write")
            .register(meters);
    }

    /**
     * After a write to {@code key}: returns once enough replicas have it, or on timeout.
     */
    void await(String key) {
        if (this.replicas == 0) {
            return;
        }
        try {
            this.redis.execute((RedisCallback<Void>) (connection) -> {
                awaitOn(targetOf((RedisClusterAsyncCommands<?, ?>) connection.getNativeConnection(), key));
                return null;
            });
        }
        catch (RuntimeException ex) {
            logger.debug("WAIT after a write to {} failed: {}", key, ex.getMessage());
            this.timeouts.increment();
        }
    }

    private void awaitOn(Target target) {
        Instant until = this.paused.get(target.primary());
        if (until != null && this.clock.instant().isBefore(until)) {
            return;
        }
        this.waits.increment();
        Long acked = waitOn(target.commands());
        if (acked != null && acked >= this.replicas) {
            this.paused.remove(target.primary());
            return;
        }
        this.timeouts.increment();
        this.paused.put(target.primary(), this.clock.instant().plus(PAUSE));
        logger.warn("Redis primary {} had no replica ack within {} ms; not waiting on it for {} s",
                target.primary().isEmpty() ? "(single server)" : target.primary(), this.timeoutMillis,
                PAUSE.toSeconds());
    }

    private Long waitOn(RedisClusterAsyncCommands<?, ?> commands) {
        try {
            return commands.waitForReplication(this.replicas, this.timeoutMillis)
                .get(this.timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (ExecutionException | TimeoutException ex) {
            logger.debug("WAIT failed: {}", ex.getMessage());
            return null;
        }
    }

    /**
     * The connection the write went on: on a cluster, the node connection to the primary
     * that owns the key's slot (Lettuce keys those by host and port, for writes).
     */
    private static Target targetOf(RedisClusterAsyncCommands<?, ?> commands, String key) {
        if (commands instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
            RedisClusterNode primary = cluster.getStatefulConnection()
                .getPartitions()
                .getMasterBySlot(SlotHash.getSlot(key));
            if (primary != null) {
                String host = primary.getUri().getHost();
                int port = primary.getUri().getPort();
                return new Target(host + ":" + port, cluster.getConnection(host, port));
            }
        }
        return new Target("", commands);
    }

    private record Target(String primary, RedisClusterAsyncCommands<?, ?> commands) {

    }

}

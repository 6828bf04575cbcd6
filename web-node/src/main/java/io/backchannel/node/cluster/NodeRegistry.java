package io.backchannel.node.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The registry of web nodes, {@code bc:nodes}: one hash of heartbeats, so the cluster
 * view reads one key and scans none (which on a Redis Cluster would visit every shard).
 *
 * <p>
 * A heartbeat older than the heartbeat TTL is a node that died without saying so. Its
 * heartbeat is kept for as long as its sockets' presence entries could live, because it
 * tells which entries are stale: those of a dead node, and those an earlier process with
 * a live node's id left ({@link #presenceCutoffs}). Only then is it removed.
 */
@Component
public class NodeRegistry {

    private static final Logger logger = LoggerFactory.getLogger(NodeRegistry.class);

    private final StringRedisTemplate redis;

    private final NodeProperties properties;

    private final Clock clock;

    /** The heartbeats last read, by node id. */
    private volatile Map<String, NodeState> known = Map.of();

    NodeRegistry(StringRedisTemplate redis, NodeProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Writes a node's heartbeat.
     * @return whether the registry had no heartbeat of this node before
     */
    boolean write(NodeState state) {
        byte[] key = bytes(RedisKeys.nodes());
        byte[] value = bytes(Json.mapper().writeValueAsString(state));
        Boolean created = this.redis.execute((RedisCallback<Boolean>) (connection) -> {
            Boolean added = connection.hashCommands().hSet(key, bytes(state.nodeId()), value);
            // The registry outlives its nodes while their presence entries may, at most.
            connection.keyCommands().pExpire(key, lifetime().toMillis());
            return added;
        });
        return Boolean.TRUE.equals(created);
    }

    /**
     * Removes a node's heartbeat: a node that stops tidily has unregistered its sockets.
     */
    void remove(String nodeId) {
        this.redis.opsForHash().delete(RedisKeys.nodes(), nodeId);
    }

    /**
     * Reads every heartbeat, remembers them for {@link #presenceCutoffs}, and removes the
     * unreadable ones and those of nodes dead for longer than a presence entry lives.
     * @return the live nodes, by id
     */
    List<NodeState> read() {
        Map<Object, Object> entries = this.redis.opsForHash().entries(RedisKeys.nodes());
        Instant now = this.clock.instant();
        Instant forgotten = now.minus(lifetime());
        Instant alive = now.minus(this.properties.heartbeatTtl());
        Map<String, NodeState> read = new LinkedHashMap<>();
        List<Object> gone = new ArrayList<>();
        entries.forEach((id, value) -> {
            NodeState state = parse((String) value);
            if (state == null || state.at().isBefore(forgotten)) {
                gone.add(id);
            }
            else {
                read.put(state.nodeId(), state);
            }
        });
        if (!gone.isEmpty()) {
            this.redis.opsForHash().delete(RedisKeys.nodes(), gone.toArray());
        }
        this.known = Map.copyOf(read);
        return read.values()
            .stream()
            .filter((state) -> !state.at().isBefore(alive))
            .sorted(Comparator.comparing(NodeState::nodeId))
            .toList();
    }

    /**
     * For each node the last read knew, the oldest incarnation (epoch ms) whose presence
     * entries are still live, as {@code nodeId, incarnation} pairs: a live node's current
     * one (older entries are an earlier process's), and for a dead node the one after its
     * last (so none of its own). A node not known yet, one that just started, has no
     * pair: its entries live by their expiry.
     */
    public List<String> presenceCutoffs() {
        Instant alive = this.clock.instant().minus(this.properties.heartbeatTtl());
        List<String> pairs = new ArrayList<>();
        this.known.values().forEach((state) -> {
            if (state.startedAt() != null) {
                long incarnation = state.startedAt().toEpochMilli();
                pairs.add(state.nodeId());
                pairs.add(Long.toString(state.at().isBefore(alive) ? incarnation + 1 : incarnation));
            }
        });
        return pairs;
    }

    private Duration lifetime() {
        return this.properties.presenceLease().plus(this.properties.heartbeatTtl());
    }

    /**
     * An unreadable heartbeat counts as gone, so it is removed rather than read again.
     */
    private static NodeState parse(String value) {
        try {
            NodeState state = Json.mapper().readValue(value, NodeState.class);
            return (state.at() != null && state.nodeId() != null) ? state : null;
        }
        catch (JacksonException ex) {
            logger.debug("Dropping an unreadable heartbeat: {}", ex.getOriginalMessage());
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}

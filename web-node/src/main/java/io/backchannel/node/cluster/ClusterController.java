package io.backchannel.node.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/cluster}: the live web nodes, as their heartbeats tell, and which node
 * answered. No token needed beyond a valid one: it shows node ids and socket counts,
 * nothing of any client.
 *
 * <p>
 * Reads the one registry hash {@code bc:nodes} ({@code HGETALL}); no key scan, which on a
 * Redis Cluster would have to visit every shard. A heartbeat older than the heartbeat TTL
 * is a node that died without saying so: it is left out and removed.
 */
@RestController
class ClusterController {

    private static final Logger logger = LoggerFactory.getLogger(ClusterController.class);

    private final StringRedisTemplate redis;

    private final NodeIdentity node;

    private final NodeProperties properties;

    private final Clock clock;

    ClusterController(StringRedisTemplate redis, NodeIdentity node, NodeProperties properties, Clock clock) {
        this.redis = redis;
        this.node = node;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/api/cluster")
    ClusterView cluster() {
        Map<Object, Object> entries = this.redis.opsForHash().entries(RedisKeys.nodes());
        Instant oldest = this.clock.instant().minus(this.properties.heartbeatTtl());
        List<NodeHeartbeat.NodeState> nodes = new ArrayList<>();
        List<Object> dead = new ArrayList<>();
        entries.forEach((id, value) -> {
            NodeHeartbeat.NodeState state = parse((String) value);
            if (state == null || state.at().isBefore(oldest)) {
                dead.add(id);
            }
            else {
                nodes.add(state);
            }
        });
        if (!dead.isEmpty()) {
            this.redis.opsForHash().delete(RedisKeys.nodes(), dead.toArray());
        }
        nodes.sort(Comparator.comparing(NodeHeartbeat.NodeState::nodeId));
        return new ClusterView(this.node.id().value(), nodes);
    }

    /**
     * An unreadable heartbeat counts as dead, so it is removed rather than read again.
     */
    private static NodeHeartbeat.NodeState parse(String value) {
        try {
            NodeHeartbeat.NodeState state = Json.mapper().readValue(value, NodeHeartbeat.NodeState.class);
            return (state.at() != null && state.nodeId() != null) ? state : null;
        }
        catch (JacksonException ex) {
            logger.debug("Dropping an unreadable heartbeat: {}", ex.getOriginalMessage());
            return null;
        }
    }

    /**
     * The answer of {@code GET /api/cluster}.
     *
     * @param self the node that answered
     * @param nodes every node with a live heartbeat, by id
     */
    record ClusterView(String self, List<NodeHeartbeat.NodeState> nodes) {

    }

}

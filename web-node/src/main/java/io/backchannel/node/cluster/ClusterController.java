package io.backchannel.node.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/cluster}: the live web nodes, as their heartbeat keys tell, and which
 * node answered. No token needed: it shows node ids and socket counts, nothing of any
 * client.
 *
 * <p>
 * Reads {@code SCAN 0 MATCH bc:node:* COUNT 100} then {@code MGET} of the keys found. The
 * backplane channels share the {@code bc:node:} prefix, but channels are not keys: SCAN
 * sees only heartbeats. A node that died drops out when its heartbeat expires.
 */
@RestController
class ClusterController {

    private static final Logger logger = LoggerFactory.getLogger(ClusterController.class);

    private static final ScanOptions HEARTBEATS = ScanOptions.scanOptions()
        .match(RedisKeys.NODE_PREFIX + "*")
        .count(100)
        .build();

    private final StringRedisTemplate redis;

    private final NodeIdentity node;

    ClusterController(StringRedisTemplate redis, NodeIdentity node) {
        this.redis = redis;
        this.node = node;
    }

    @GetMapping("/api/cluster")
    ClusterView cluster() {
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = this.redis.scan(HEARTBEATS)) {
            cursor.forEachRemaining(keys::add);
        }
        List<NodeHeartbeat.NodeState> nodes = new ArrayList<>();
        if (!keys.isEmpty()) {
            List<String> values = this.redis.opsForValue().multiGet(keys);
            for (String value : (values != null) ? values : List.<String>of()) {
                NodeHeartbeat.NodeState state = parse(value);
                if (state != null) {
                    nodes.add(state);
                }
            }
        }
        nodes.sort(Comparator.comparing(NodeHeartbeat.NodeState::nodeId));
        return new ClusterView(this.node.id().value(), nodes);
    }

    /**
     * A heartbeat that expired between SCAN and MGET is null; one unreadable is skipped.
     */
    private static NodeHeartbeat.NodeState parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(value, NodeHeartbeat.NodeState.class);
        }
        catch (JacksonException ex) {
            logger.debug("Skipping unreadable heartbeat: {}", ex.getOriginalMessage());
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

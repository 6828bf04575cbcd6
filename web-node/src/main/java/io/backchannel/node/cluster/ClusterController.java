package io.backchannel.node.cluster;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/cluster}: the live web nodes, as their heartbeats in the
 * {@link NodeRegistry} tell, and which node answered. No token needed beyond a valid one:
 * it shows node ids and socket counts, nothing of any client.
 */
@RestController
class ClusterController {

    private final NodeRegistry registry;

    private final NodeIdentity node;

    ClusterController(NodeRegistry registry, NodeIdentity node) {
        this.registry = registry;
        this.node = node;
    }

    @GetMapping("/api/cluster")
    ClusterView cluster() {
        return new ClusterView(this.node.id().value(), this.registry.read());
    }

    /**
     * The answer of {@code GET /api/cluster}.
     *
     * @param self the node that answered
     * @param nodes every node with a live heartbeat, by id
     */
    record ClusterView(String self, List<NodeState> nodes) {

    }

}

package io.backchannel.node.cluster;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.backchannel.contracts.id.NodeId;

import org.springframework.stereotype.Component;

/**
 * This node's id, fixed for the life of the process.
 */
@Component
public class NodeIdentity {

    private final NodeId id;

    public NodeIdentity(NodeProperties properties) {
        this.id = properties.id().isBlank() ? NodeId.of("web-" + randomSuffix()) : NodeId.of(properties.id());
    }

    public NodeId id() {
        return this.id;
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

}

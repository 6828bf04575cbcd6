package io.backchannel.node.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import io.backchannel.contracts.id.NodeId;

import org.springframework.stereotype.Component;

/**
 * This node's id, fixed for the life of the process, and when the process started: its
 * incarnation, which tells this process's presence entries from those an earlier process
 * with the same id left when it died.
 */
@Component
public class NodeIdentity {

    private final NodeId id;

    private final Instant startedAt;

    public NodeIdentity(NodeProperties properties, Clock clock) {
        this.id = properties.id().isBlank() ? NodeId.of("web-" + randomSuffix()) : NodeId.of(properties.id());
        this.startedAt = clock.instant();
    }

    public NodeId id() {
        return this.id;
    }

    public Instant startedAt() {
        return this.startedAt;
    }

    /** The incarnation as written into presence entries: the start, epoch ms. */
    public long incarnation() {
        return this.startedAt.toEpochMilli();
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

}

package io.backchannel.node.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This node's place in the cluster.
 *
 * @param id the node id, unique among live nodes; empty means "web-" and 6 random hex
 * digits, fine for a laptop and for pods, where the id only needs to outlive one process
 * @param heartbeatInterval how often the node refreshes its heartbeat and its sessions'
 * presence; default 5 s
 * @param heartbeatTtl how long a heartbeat or presence entry lives unrefreshed, so how
 * long a killed node is still believed alive; default 15 s, must exceed the interval
 */
@ConfigurationProperties("backchannel.node")
public record NodeProperties(@DefaultValue("") String id, @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("15s") Duration heartbeatTtl) {

    public NodeProperties {
        if (heartbeatTtl.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("backchannel.node.heartbeat-ttl must exceed heartbeat-interval");
        }
    }

}

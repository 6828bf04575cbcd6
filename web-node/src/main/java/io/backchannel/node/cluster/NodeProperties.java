package io.backchannel.node.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This node's place in the cluster.
 *
 * @param id the node id, unique among live nodes; empty means "web-" and 6 random hex
 * digits, fine for a laptop and for pods, where the id only needs to outlive one process
 * @param heartbeatInterval how often the node writes its heartbeat; default 5 s
 * @param heartbeatTtl how long a heartbeat lives unrefreshed, so how long a killed node
 * is still believed alive, and its sockets counted; default 15 s, must exceed the
 * interval
 * @param presenceRefresh how often each socket's presence entry is written again, spread
 * over the heartbeats in between; the entries live three times as long unrefreshed. A
 * node that dies is known from its heartbeat, not from its entries, so this only bounds
 * how long an entry Redis lost (a restart without data, a failover) stays missing;
 * default 2 min, at least the heartbeat interval (design note 37)
 */
@ConfigurationProperties("backchannel.node")
public record NodeProperties(@DefaultValue("") String id, @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("15s") Duration heartbeatTtl, @DefaultValue("2m") Duration presenceRefresh) {

    public NodeProperties {
        if (heartbeatTtl.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("backchannel.node.heartbeat-ttl must exceed heartbeat-interval");
        }
        if (presenceRefresh.compareTo(heartbeatInterval) < 0) {
            throw new IllegalArgumentException("backchannel.node.presence-refresh must be at least heartbeat-interval");
        }
    }

    /** How long a presence entry lives unrefreshed. */
    public Duration presenceLease() {
        return this.presenceRefresh.multipliedBy(3);
    }

    /**
     * Into how many slices the sockets are cut, one refreshed per heartbeat, so that each
     * is refreshed once per {@link #presenceRefresh}.
     */
    int presenceSlices() {
        return (int) Math.max(1, this.presenceRefresh.toMillis() / this.heartbeatInterval.toMillis());
    }

}

package io.backchannel.node.backplane;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the backplane uses Redis pub/sub.
 *
 * @param sharded on a Redis Cluster, send with {@code SPUBLISH} and listen with
 * {@code SSUBSCRIBE}, so a message travels within the one shard that owns its channel;
 * {@code false} falls back to {@code PUBLISH}, which a cluster relays to every shard (for
 * clusters older than Redis 7). Ignored on a single Redis server, where both cost the
 * same. Default true.
 * @param probeInterval on a Redis Cluster, how often the node sends an empty message to
 * its own channel to learn whether the shard that owns the channel still knows its
 * subscription (it forgets it when a replica takes over); when the answer is none, the
 * node subscribes again and catches its sockets up. Default 2 s.
 */
@ConfigurationProperties("backchannel.backplane")
public record BackplaneProperties(@DefaultValue("true") boolean sharded, @DefaultValue("2s") Duration probeInterval) {

    public BackplaneProperties {
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("backchannel.backplane.probe-interval must be positive");
        }
    }

}

package io.backchannel.node.record;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a node tells that it cannot reach Redis, before its requests wait out the command
 * timeout one by one ({@link StoreProbe}).
 *
 * @param interval how often a {@code PING} goes out, and how long each may take; default
 * 500 ms
 * @param misses how many in a row get no answer before the store counts as away; default
 * 3 (so about 1.5 s of silence, longer than a busy node's slowest command)
 * @param enabled whether to probe at all; default true (off: the store never counts as
 * away, and requests find an outage by their own commands' timeouts)
 */
@ConfigurationProperties("backchannel.records.probe")
public record StoreProbeProperties(@DefaultValue("500ms") Duration interval, @DefaultValue("3") int misses,
        @DefaultValue("true") boolean enabled) {

    public StoreProbeProperties {
        if (interval.toMillis() < 10 || misses < 1) {
            throw new IllegalArgumentException(
                    "backchannel.records.probe.interval must be at least 10 ms, and misses at least 1");
        }
    }

}

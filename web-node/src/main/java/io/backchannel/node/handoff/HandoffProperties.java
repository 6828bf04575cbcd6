package io.backchannel.node.handoff;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When a node that Redis does not answer hands its clients to the other nodes
 * ({@link CutOffHandoff}).
 *
 * @param enabled whether it does; default true (off: its sockets stay open through the
 * outage, and what the other nodes push to them waits for the link)
 * @param askInterval how often a node that Redis does not answer asks the other nodes
 * when Redis last answered them; default 1 s
 * @param lead how much later than this node's last answer another node's must be for the
 * outage to count as this node's alone; default 2 s. Longer than the clocks of two nodes
 * differ, and long enough that an outage every node sees, whose last answers come within
 * moments of each other, never counts.
 */
@ConfigurationProperties("backchannel.handoff")
public record HandoffProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration askInterval,
        @DefaultValue("2s") Duration lead) {

    public HandoffProperties {
        if (askInterval.toMillis() < 100 || lead.isNegative()) {
            throw new IllegalArgumentException(
                    "backchannel.handoff.ask-interval must be at least 100 ms, and lead not negative");
        }
    }

}

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
 * @param isolatedAfter how long a node that neither Redis nor the broker answers waits
 * before it hands its clients off all the same, with nobody to ask whether the others
 * fare better: its clients can do nothing on it (every request is refused, no reply
 * reaches it), while the front door may well reach a node that serves them. In an outage
 * of both that every node sees, this sends the clients into their reconnect backoff
 * instead of holding them on open sockets (design note 41). Default 15 s; 0 never
 */
@ConfigurationProperties("backchannel.handoff")
public record HandoffProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration askInterval,
        @DefaultValue("2s") Duration lead, @DefaultValue("15s") Duration isolatedAfter) {

    public HandoffProperties {
        if (askInterval.toMillis() < 100 || lead.isNegative() || isolatedAfter.isNegative()) {
            throw new IllegalArgumentException("backchannel.handoff.ask-interval must be at least 100 ms,"
                    + " and lead and isolated-after not negative");
        }
    }

}

package io.backchannel.node.record;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How nodes end requests at their deadline. Every node looks for due requests; one takes
 * each, for a lease, and ends it.
 *
 * @param sweepInterval how often a node looks for requests whose deadline has come: how
 * late past its deadline a request may end; default 250 ms
 * @param batch the most requests a node takes at one look; default 200
 * @param lease how long the others leave a taken request to the node that took it before
 * they take it again (it died, or lost Redis); default 10 s
 * @param forgetInterval how often a node takes the requests that ended from the deadline
 * index (in one command); default 200 ms
 */
@ConfigurationProperties("backchannel.deadlines")
public record DeadlineProperties(@DefaultValue("250ms") Duration sweepInterval, @DefaultValue("200") int batch,
        @DefaultValue("10s") Duration lease, @DefaultValue("200ms") Duration forgetInterval) {

    public DeadlineProperties {
        if (sweepInterval.toMillis() < 1 || lease.toMillis() < 1 || forgetInterval.toMillis() < 1 || batch < 1) {
            throw new IllegalArgumentException("backchannel.deadlines settings must be positive");
        }
    }

}

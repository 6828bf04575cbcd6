package io.backchannel.node.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How fast one client may send {@code POST /api/requests}, counted across all nodes.
 *
 * @param requestsPerSecond the sustained rate per client; default 50. Zero turns the
 * limit off
 * @param burst how many requests a client that was idle may send at once; default 100
 */
@ConfigurationProperties("backchannel.intake.rate-limit")
public record RateLimitProperties(@DefaultValue("50") double requestsPerSecond, @DefaultValue("100") int burst) {

    public RateLimitProperties {
        if (requestsPerSecond < 0 || burst < 1) {
            throw new IllegalArgumentException(
                    "backchannel.intake.rate-limit.requests-per-second must be >= 0 and burst >= 1");
        }
    }

    boolean enabled() {
        return this.requestsPerSecond > 0;
    }

}

package io.backchannel.node.limits;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the intake stops taking new work because the broker is behind.
 *
 * @param maxQueueDepth the most jobs waiting in a type's queue ({@code bc.jobs.{type}})
 * before new requests of that type are answered 503; default 10000. Zero turns the check
 * off
 * @param depthCheckInterval how old a queue's depth may be before a request reads it
 * again (one passive declare per type and node at most this often); default 500 ms
 */
@ConfigurationProperties("backchannel.intake.backpressure")
public record BackpressureProperties(@DefaultValue("10000") long maxQueueDepth,
        @DefaultValue("500ms") Duration depthCheckInterval) {

    public BackpressureProperties {
        if (maxQueueDepth < 0 || depthCheckInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "backchannel.intake.backpressure.max-queue-depth and depth-check-interval must not be negative");
        }
    }

}

package io.backchannel.node.routing;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The consumer of worker replies on {@code bc.replies}. The reply listener takes its
 * settings from this record (not from placeholders of its own), so the defaults here are
 * the ones in force.
 *
 * @param concurrency consumers per node, a fixed number; default 16
 * @param storeRetryMax the longest pause between tries while Redis is unreachable (the
 * reply is held un-acked meanwhile); default 5 s
 * @param ackBatch replies a consumer handles before it acks them all at once (or fewer,
 * when no further reply comes within a second); 1 acks each on its own; default 10. Every
 * reply is applied and delivered as it comes: only its ack waits
 */
@ConfigurationProperties("backchannel.replies")
@Validated
public record ReplyProperties(@DefaultValue("16") @Min(1) int concurrency, @DefaultValue("5s") Duration storeRetryMax,
        @DefaultValue("10") @Min(1) @Max(100) int ackBatch) {

}

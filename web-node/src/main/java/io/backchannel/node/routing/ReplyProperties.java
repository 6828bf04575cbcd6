package io.backchannel.node.routing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
public record ReplyProperties(@DefaultValue("16") int concurrency, @DefaultValue("5s") Duration storeRetryMax,
        @DefaultValue("10") int ackBatch) {

    public ReplyProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException("backchannel.replies.concurrency must be positive");
        }
        if (!storeRetryMax.isPositive()) {
            throw new IllegalArgumentException("backchannel.replies.store-retry-max must be positive");
        }
        if (ackBatch < 1 || ackBatch > 100) {
            throw new IllegalArgumentException("backchannel.replies.ack-batch must be 1 to 100");
        }
    }

}

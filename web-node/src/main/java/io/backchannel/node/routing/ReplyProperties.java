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
 */
@ConfigurationProperties("backchannel.replies")
public record ReplyProperties(@DefaultValue("16") int concurrency, @DefaultValue("5s") Duration storeRetryMax) {

}

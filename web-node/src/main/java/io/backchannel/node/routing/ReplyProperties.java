package io.backchannel.node.routing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consumer of worker replies on {@code bc.replies}.
 *
 * @param concurrency consumers per node; default 4
 * @param storeRetryMax the longest pause between tries while Redis is unreachable (the
 * reply is held un-acked meanwhile); default 5 s
 */
@ConfigurationProperties("backchannel.replies")
public record ReplyProperties(@DefaultValue("4") int concurrency, @DefaultValue("5s") Duration storeRetryMax) {

}

package io.backchannel.node.cluster;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tags every meter with the application and this node's id, so that one dashboard can sum
 * over the cluster or pick out a node, whatever the scrape's own labels are.
 */
@Configuration(proxyBeanMethods = false)
class MetricsTags {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> nodeTags(NodeIdentity node,
            @Value("${spring.application.name}") String application) {
        return (registry) -> registry.config().commonTags("application", application, "node", node.id().value());
    }

}

package io.backchannel.worker;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tags every meter with the application and this worker's id, as the web nodes do with
 * theirs, so that dashboards group both the same way.
 */
@Configuration(proxyBeanMethods = false)
class WorkerMetricsTags {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> workerTags(WorkerProperties properties,
            @Value("${spring.application.name:backchannel-worker}") String application) {
        return (registry) -> registry.config().commonTags("application", application, "node", properties.workerId());
    }

}

package io.backchannel.worker.topology;

import java.util.List;

import io.backchannel.amqp.BrokerTopology;
import io.backchannel.worker.jobs.JobHandler;

import org.springframework.amqp.core.Declarables;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the topology with a queue for every job type this worker runs, so that a
 * worker started before any web node still finds its queues.
 */
@Configuration(proxyBeanMethods = false)
class TopologyConfiguration {

    @Bean
    Declarables brokerTopology(List<JobHandler> handlers) {
        return BrokerTopology.declarables(handlers.stream().map(JobHandler::type).toList());
    }

    /**
     * Updates go out on a connection of their own. Under flow control RabbitMQ stops
     * reading from a publishing connection; on a shared one the job consumers' acks would
     * wait behind the updates.
     */
    @Bean
    RabbitTemplateCustomizer publisherConnection() {
        return (template) -> template.setUsePublisherConnection(true);
    }

}

package io.backchannel.worker.topology;

import java.util.List;

import com.rabbitmq.client.Address;
import io.backchannel.amqp.BrokerTopology;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.worker.WorkerProperties;
import io.backchannel.worker.jobs.JobHandler;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares the topology with a queue for every job type this worker runs, so that a
 * worker started before any web node still finds its queues.
 */
@Configuration(proxyBeanMethods = false)
public class TopologyConfiguration {

    @Bean
    Declarables brokerTopology(List<JobHandler> handlers) {
        return BrokerTopology.declarables(handlers.stream().map(JobHandler::type).toList());
    }

    /**
     * Updates go out on a connection of their own. Under flow control RabbitMQ stops
     * reading from a publishing connection; on a shared one the job consumers' acks would
     * wait behind the updates. Its few channels each carry many updates awaiting their
     * confirm (design note 18).
     */
    @Bean(destroyMethod = "close")
    ConfirmingPublisher brokerPublisher(CachingConnectionFactory connections, RabbitConnectionDetails broker,
            WorkerProperties worker) {
        return new ConfirmingPublisher(connections.getRabbitConnectionFactory(), addresses(broker),
                worker.workerId() + " updates", worker.publisherChannels());
    }

    /**
     * Every broker of {@code spring.rabbitmq.addresses} (or host and port): a cluster's
     * survivors too.
     */
    private static List<Address> addresses(RabbitConnectionDetails broker) {
        return broker.getAddresses().stream().map((a) -> new Address(a.host(), a.port())).toList();
    }

}

package io.backchannel.node.amqp;

import java.util.List;

import com.rabbitmq.client.Address;
import io.backchannel.amqp.BrokerTopology;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.intake.IntakeProperties;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares {@link Topology} on every (re)connection to the broker (Spring Boot's
 * {@code RabbitAdmin} declares every {@link Declarables} bean). A node declares a job
 * queue for each type it accepts, so that a job taken before any worker of its type ever
 * started is kept, not returned.
 *
 * <p>
 * The declarations come from {@link BrokerTopology}, as the workers' do: RabbitMQ refuses
 * to redeclare a queue with other arguments (PRECONDITION_FAILED), which would fail every
 * declaration of the connection.
 */
@Configuration(proxyBeanMethods = false)
class TopologyConfiguration {

    @Bean
    Declarables brokerTopology(IntakeProperties intake) {
        return BrokerTopology.declarables(intake.jobTypes());
    }

    /**
     * Jobs go out on a connection of their own. Under flow control RabbitMQ stops reading
     * from a publishing connection; on a shared one the reply consumers' acks would wait
     * behind the publishes, and the replies with them. Its few channels each carry many
     * publishes awaiting their confirm (design note 18).
     */
    @Bean(destroyMethod = "close")
    ConfirmingPublisher brokerPublisher(CachingConnectionFactory connections, RabbitConnectionDetails broker,
            IntakeProperties intake, NodeIdentity node) {
        return new ConfirmingPublisher(connections.getRabbitConnectionFactory(), addresses(broker),
                node.id().value() + " jobs", intake.publisherChannels());
    }

    /**
     * Every broker of {@code spring.rabbitmq.addresses} (or host and port): a cluster's
     * survivors too.
     */
    private static List<Address> addresses(RabbitConnectionDetails broker) {
        return broker.getAddresses().stream().map((a) -> new Address(a.host(), a.port())).toList();
    }

}

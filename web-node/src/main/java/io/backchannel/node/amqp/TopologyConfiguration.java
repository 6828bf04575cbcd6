package io.backchannel.node.amqp;

import java.util.ArrayList;
import java.util.List;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.node.intake.IntakeProperties;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares {@link Topology} on every (re)connection to the broker (Spring Boot's
 * {@code RabbitAdmin} declares every {@link Declarables} bean). A node declares a job
 * queue for each type it accepts, so that a job taken before any worker of its type ever
 * started is kept, not returned.
 *
 * <p>
 * The declarations must equal the workers'
 * ({@code io.backchannel.worker.topology.BrokerTopology}), argument for argument:
 * RabbitMQ refuses to redeclare a queue with other arguments (PRECONDITION_FAILED), which
 * would fail every declaration of the connection.
 */
@Configuration(proxyBeanMethods = false)
class TopologyConfiguration {

    @Bean
    Declarables brokerTopology(IntakeProperties intake) {
        DirectExchange jobs = exchange(Topology.JOBS_EXCHANGE);
        DirectExchange replies = exchange(Topology.REPLIES_EXCHANGE);
        DirectExchange deadLetters = exchange(Topology.DEAD_LETTER_EXCHANGE);
        Queue repliesQueue = QueueBuilder.durable(Topology.REPLIES_QUEUE)
            .withArguments(Topology.repliesQueueArguments())
            .build();
        Queue deadJobs = QueueBuilder.durable(Topology.DEAD_JOBS_QUEUE)
            .withArguments(Topology.deadQueueArguments())
            .build();
        Queue deadReplies = QueueBuilder.durable(Topology.DEAD_REPLIES_QUEUE)
            .withArguments(Topology.deadQueueArguments())
            .build();
        List<Declarable> all = new ArrayList<>(List.of(jobs, replies, deadLetters, repliesQueue, deadJobs, deadReplies,
                bind(repliesQueue, replies, Topology.REPLIES_ROUTING_KEY),
                bind(deadJobs, deadLetters, Topology.DEAD_JOBS_ROUTING_KEY),
                bind(deadReplies, deadLetters, Topology.DEAD_REPLIES_ROUTING_KEY)));
        for (JobType type : intake.jobTypes()) {
            Queue queue = QueueBuilder.durable(Topology.jobQueue(type))
                .withArguments(Topology.jobQueueArguments())
                .build();
            all.add(queue);
            all.add(bind(queue, jobs, type.value()));
        }
        return new Declarables(all);
    }

    private static DirectExchange exchange(String name) {
        return ExchangeBuilder.directExchange(name).durable(true).build();
    }

    private static Binding bind(Queue queue, DirectExchange exchange, String routingKey) {
        return BindingBuilder.bind(queue).to(exchange).with(routingKey);
    }

}

package io.backchannel.amqp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;

/**
 * The Spring AMQP form of {@link Topology}. Web nodes and workers declare the same
 * exchanges and queues with the same arguments: RabbitMQ refuses a second declaration
 * that differs, so this class is the one place that builds them.
 */
public final class BrokerTopology {

    private BrokerTopology() {
    }

    /**
     * Everything to declare: the four exchanges, the reply, dead-letter and abandoned-job
     * queues, and one job queue per given type. A {@code RabbitAdmin} declares a
     * {@link Declarables} bean on every (re)connection.
     */
    public static Declarables declarables(Collection<JobType> jobTypes) {
        DirectExchange jobs = ExchangeBuilder.directExchange(Topology.JOBS_EXCHANGE).durable(true).build();
        DirectExchange replies = ExchangeBuilder.directExchange(Topology.REPLIES_EXCHANGE).durable(true).build();
        DirectExchange deadLetters = ExchangeBuilder.directExchange(Topology.DEAD_LETTER_EXCHANGE)
            .durable(true)
            .build();
        Queue repliesQueue = QueueBuilder.durable(Topology.REPLIES_QUEUE)
            .withArguments(Topology.repliesQueueArguments())
            .build();
        Queue deadJobs = QueueBuilder.durable(Topology.DEAD_JOBS_QUEUE)
            .withArguments(Topology.deadQueueArguments())
            .build();
        // No delivery limit, as the dead queues: a worker returns an abandoned job until
        // what it sends for it is confirmed.
        Queue abandonedJobs = QueueBuilder.durable(Topology.ABANDONED_JOBS_QUEUE)
            .withArguments(Topology.deadQueueArguments())
            .build();
        Queue deadReplies = QueueBuilder.durable(Topology.DEAD_REPLIES_QUEUE)
            .withArguments(Topology.deadQueueArguments())
            .build();
        FanoutExchange cancels = ExchangeBuilder.fanoutExchange(Topology.CANCELS_EXCHANGE).durable(true).build();
        List<Declarable> all = new ArrayList<>(List.of(jobs, replies, deadLetters, cancels, repliesQueue, deadJobs,
                abandonedJobs, deadReplies, bind(repliesQueue, replies, Topology.REPLIES_ROUTING_KEY),
                bind(deadJobs, deadLetters, Topology.DEAD_JOBS_ROUTING_KEY),
                bind(abandonedJobs, deadLetters, Topology.DEAD_JOBS_ROUTING_KEY),
                bind(deadReplies, deadLetters, Topology.DEAD_REPLIES_ROUTING_KEY)));
        for (JobType type : jobTypes) {
            Queue queue = jobQueue(type);
            all.add(queue);
            all.add(bind(queue, jobs, type.value()));
        }
        return new Declarables(all);
    }

    /** The durable quorum queue {@code bc.jobs.{type}}, dead-lettering to bc.dlx. */
    public static Queue jobQueue(JobType type) {
        return QueueBuilder.durable(Topology.jobQueue(type)).withArguments(Topology.jobQueueArguments()).build();
    }

    private static Binding bind(Queue queue, DirectExchange exchange, String routingKey) {
        return BindingBuilder.bind(queue).to(exchange).with(routingKey);
    }

}

package io.backchannel.node.handoff;

import java.util.Map;

import io.backchannel.node.cluster.NodeIdentity;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the nodes ask each other about Redis: a fanout exchange every node's own queue is
 * bound to. The queue lives as long as its node's consumer (and a minute more, for a
 * connection that comes back), holds nothing persistent and nothing old: a question is
 * worth something for a second.
 */
@Configuration(proxyBeanMethods = false)
class StoreWitnessTopology {

    /** The exchange a question goes to, so that every node gets it. */
    static final String EXCHANGE = "bc.nodes.store";

    @Bean
    Queue storeWitnessQueue(NodeIdentity node) {
        String name = EXCHANGE + "." + node.id().value() + "." + node.incarnation();
        // Classic, named so: a broker whose default queue type is quorum would refuse a
        // queue that is neither durable nor kept.
        return new Queue(name, false, false, true,
                Map.of("x-queue-type", "classic", "x-expires", 60_000, "x-message-ttl", 5_000, "x-max-length", 1_000));
    }

    @Bean
    Declarables storeWitnessExchange(Queue storeWitnessQueue) {
        FanoutExchange exchange = new FanoutExchange(EXCHANGE, true, false);
        Binding binding = BindingBuilder.bind(storeWitnessQueue).to(exchange);
        return new Declarables(exchange, binding);
    }

}

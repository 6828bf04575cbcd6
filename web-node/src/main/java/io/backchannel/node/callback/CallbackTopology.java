package io.backchannel.node.callback;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backchannel.contracts.amqp.Topology;

import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The callback queues (see {@link Topology}): deliveries due, one queue per backoff pause
 * where a delivery waits out its pause (a message TTL, then back to the due queue), and
 * the ones given up. The pauses wait in the broker, not in a node's memory: a node that
 * stops loses none of them.
 */
@Configuration(proxyBeanMethods = false)
class CallbackTopology {

    @Bean
    Declarables callbackQueues(CallbackProperties properties) {
        List<Declarable> queues = new ArrayList<>();
        queues.add(QueueBuilder.durable(Topology.CALLBACKS_QUEUE).quorum().build());
        queues.add(QueueBuilder.durable(Topology.DEAD_CALLBACKS_QUEUE).quorum().build());
        Set<Long> pauses = new LinkedHashSet<>();
        properties.backoff().forEach((pause) -> pauses.add(pause.toMillis()));
        for (long pause : pauses) {
            queues.add(retryQueue(pause));
        }
        return new Declarables(queues);
    }

    /**
     * A quorum queue, so that it is replicated like the others; its dead-lettering is
     * at-least-once (which needs publishes refused rather than old messages dropped when
     * it is full), so that a delivery is never lost between its pause and its next call.
     */
    static Queue retryQueue(long pauseMillis) {
        return QueueBuilder.durable(Topology.callbackRetryQueue(pauseMillis))
            .quorum()
            .withArguments(Map.of("x-message-ttl", pauseMillis, "x-dead-letter-exchange", "",
                    "x-dead-letter-routing-key", Topology.CALLBACKS_QUEUE, "x-dead-letter-strategy", "at-least-once",
                    "x-overflow", "reject-publish"))
            .build();
    }

}

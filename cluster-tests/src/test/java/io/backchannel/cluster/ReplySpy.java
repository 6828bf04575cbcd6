package io.backchannel.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.json.Json;
import io.backchannel.testing.TestServices;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Sees every worker update: a private queue bound to the reply exchange next to the
 * shared one, so it counts what workers publish without taking anything from the nodes.
 * Also publishes replies by hand.
 */
final class ReplySpy implements AutoCloseable {

    private final CachingConnectionFactory connections;

    private final SimpleMessageListenerContainer container;

    private final List<Message> messages = new CopyOnWriteArrayList<>();

    private final RabbitTemplate template;

    ReplySpy() {
        var amqp = TestServices.amqp();
        this.connections = new CachingConnectionFactory(amqp);
        RabbitAdmin admin = new RabbitAdmin(this.connections);
        Queue queue = admin.declareQueue();
        admin.declareBinding(BindingBuilder.bind(queue)
            .to(new DirectExchange(Topology.REPLIES_EXCHANGE))
            .with(Topology.REPLIES_ROUTING_KEY));
        this.container = new SimpleMessageListenerContainer(this.connections);
        this.container.setQueueNames(queue.getName());
        this.container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        this.container.setMessageListener(this.messages::add);
        this.container.start();
        this.template = new RabbitTemplate(this.connections);
    }

    List<Message> of(String correlationId) {
        return this.messages.stream()
            .filter((m) -> correlationId.equals(m.getMessageProperties().getCorrelationId()))
            .toList();
    }

    List<JobUpdate> updates(String correlationId) {
        return of(correlationId).stream().map((m) -> Json.mapper().readValue(m.getBody(), JobUpdate.class)).toList();
    }

    /** Publishes a reply as a worker would, to the shared reply queue. */
    void publish(Message message) {
        this.template.send(Topology.REPLIES_EXCHANGE, Topology.REPLIES_ROUTING_KEY, message);
    }

    @Override
    public void close() {
        this.container.stop();
        this.connections.destroy();
    }

}

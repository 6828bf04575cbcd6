package io.backchannel.worker.consumer;

import java.time.Duration;

import com.rabbitmq.client.AMQP;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.amqp.publish.PublishFailedException;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.json.Json;
import io.backchannel.worker.WorkerProperties;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.stereotype.Component;

/**
 * Publishes a job's updates to {@code bc.replies}, persistent, with the job's correlation
 * id and headers.
 *
 * <p>
 * Guarantee: {@link #publish} returns only once the broker has confirmed that the update
 * is stored in a queue; otherwise it throws {@link UpdateNotConfirmedException}. Updates
 * are sent one at a time, so those of one job reach the reply queue in the order sent.
 */
@Component
class UpdatePublisher {

    private final ConfirmingPublisher publisher;

    private final Duration confirmTimeout;

    private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

    UpdatePublisher(ConfirmingPublisher publisher, WorkerProperties properties) {
        this.publisher = publisher;
        this.confirmTimeout = properties.confirmTimeout();
    }

    void publish(Delivery delivery, JobUpdate update) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setCorrelationId(delivery.correlationId().value());
        properties.setHeader(Headers.CLIENT_ID, delivery.clientId().value());
        properties.setHeader(Headers.JOB_TYPE, delivery.type().value());
        if (delivery.acceptedBy() != null) {
            properties.setHeader(Headers.ACCEPTED_BY, delivery.acceptedBy());
        }
        Message message = new Message(Json.mapper().writeValueAsBytes(update), properties);
        String id = "update " + delivery.correlationId() + "/" + update.attempt() + "/" + update.seq();
        sendConfirmed(Topology.REPLIES_EXCHANGE, Topology.REPLIES_ROUTING_KEY, message, id);
    }

    /**
     * Sends a message and returns once the broker confirmed it is stored in a queue.
     * @param id names the message in errors
     * @throws UpdateNotConfirmedException otherwise
     */
    void sendConfirmed(String exchange, String routingKey, Message message, String id) {
        AMQP.BasicProperties properties = this.converter.fromMessageProperties(message.getMessageProperties(), "UTF-8");
        try {
            ConfirmingPublisher.await(this.publisher.publish(exchange, routingKey, properties, message.getBody()),
                    this.confirmTimeout);
        }
        catch (PublishFailedException ex) {
            throw new UpdateNotConfirmedException(id + " not confirmed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new UpdateNotConfirmedException("interrupted while waiting for the confirm of " + id, ex);
        }
    }

}

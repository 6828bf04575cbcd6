package io.backchannel.worker.consumer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.rabbitmq.client.AMQP;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.amqp.publish.PublishFailedException;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.json.Json;
import io.backchannel.worker.WorkerProperties;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * Publishes a job's updates to {@code bc.replies}, persistent, with the job's correlation
 * id and headers.
 *
 * <p>
 * Guarantee: {@link #publish} returns only once the broker has confirmed that the update
 * is stored in a queue; otherwise it throws {@link UpdateNotConfirmedException}. Updates
 * are sent one at a time, so those of one job reach the reply queue in the order sent.
 */
class UpdatePublisher {

    private final ConfirmingPublisher publisher;

    private final Duration confirmTimeout;

    private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

    UpdatePublisher(ConfirmingPublisher publisher, WorkerProperties properties) {
        this.publisher = publisher;
        this.confirmTimeout = properties.confirmTimeout();
    }

    void publish(Delivery delivery, JobUpdate update) {
        Map<String, Object> headers = new HashMap<>(4);
        headers.put(Headers.CLIENT_ID, delivery.clientId().value());
        headers.put(Headers.JOB_TYPE, delivery.type().value());
        if (delivery.acceptedBy() != null) {
            headers.put(Headers.ACCEPTED_BY, delivery.acceptedBy());
        }
        if (delivery.traceparent() != null) {
            headers.put(Headers.TRACEPARENT, delivery.traceparent());
        }
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
            .contentType(MessageProperties.CONTENT_TYPE_JSON)
            .contentEncoding("UTF-8")
            .deliveryMode(2)
            .correlationId(delivery.correlationId().value())
            .headers(headers)
            .build();
        confirm(Topology.REPLIES_EXCHANGE, Topology.REPLIES_ROUTING_KEY, properties,
                Json.mapper().writeValueAsBytes(update),
                () -> "update " + delivery.correlationId() + "/" + update.attempt() + "/" + update.seq());
    }

    /**
     * Sends a message and returns once the broker confirmed it is stored in a queue.
     * @param id names the message in errors
     * @throws UpdateNotConfirmedException otherwise
     */
    void sendConfirmed(String exchange, String routingKey, Message message, String id) {
        confirm(exchange, routingKey, this.converter.fromMessageProperties(message.getMessageProperties(), "UTF-8"),
                message.getBody(), () -> id);
    }

    /** The message's name is only built when it goes into an error. */
    private void confirm(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
            Supplier<String> id) {
        try {
            ConfirmingPublisher.await(this.publisher.publish(exchange, routingKey, properties, body),
                    this.confirmTimeout);
        }
        catch (PublishFailedException ex) {
            throw new UpdateNotConfirmedException(id.get() + " not confirmed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new UpdateNotConfirmedException("interrupted while waiting for the confirm of " + id.get(), ex);
        }
    }

}

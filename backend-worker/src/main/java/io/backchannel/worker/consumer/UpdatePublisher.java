package io.backchannel.worker.consumer;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.json.Json;
import io.backchannel.worker.WorkerProperties;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
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

    private final RabbitTemplate rabbit;

    private final Duration confirmTimeout;

    UpdatePublisher(RabbitTemplate rabbit, WorkerProperties properties) {
        this.rabbit = rabbit;
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
        CorrelationData correlation = new CorrelationData(id);
        try {
            this.rabbit.send(exchange, routingKey, message, correlation);
            CorrelationData.Confirm confirm = correlation.getFuture()
                .get(this.confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.ack()) {
                throw new UpdateNotConfirmedException("broker refused " + id + ": " + confirm.reason());
            }
            // The broker confirms an unroutable message too; a return says it reached no
            // queue.
            if (correlation.getReturned() != null) {
                throw new UpdateNotConfirmedException(
                        id + " reached no queue: " + correlation.getReturned().getReplyText());
            }
        }
        catch (AmqpException | ExecutionException ex) {
            throw new UpdateNotConfirmedException("could not publish " + id, ex);
        }
        catch (TimeoutException ex) {
            throw new UpdateNotConfirmedException(
                    "broker did not confirm " + id + " within " + this.confirmTimeout.toMillis() + " ms", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new UpdateNotConfirmedException("interrupted while waiting for the confirm of " + id, ex);
        }
    }

}

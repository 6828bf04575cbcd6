package io.backchannel.node.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.web.ApiProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands a job to the broker and returns only once the broker has taken responsibility for
 * it.
 *
 * <p>
 * Guarantee: when {@link #publish} returns, the job is in its queue (the broker confirmed
 * a persistent, routed message). When it throws, the job may or may not be there (a
 * confirm can be lost after the broker stored the message): the caller keeps the record
 * unpublished so that the client's retry publishes again, and the consumers'
 * deduplication absorbs the double.
 */
@Component
class JobPublisher {

    private static final Logger logger = LoggerFactory.getLogger(JobPublisher.class);

    private static final String UNAVAILABLE = "The job broker did not take the request; send the same request again.";

    private final RabbitTemplate rabbit;

    private final NodeIdentity node;

    private final IntakeProperties properties;

    JobPublisher(RabbitTemplate rabbit, NodeIdentity node, IntakeProperties properties) {
        this.rabbit = rabbit;
        this.node = node;
        this.properties = properties;
    }

    /**
     * Publishes the job to {@code bc.jobs} with routing key = type and waits for the
     * confirm.
     * @throws ApiProblemException {@code unavailable} on a nack, a return (no queue for
     * the type), no confirm within the timeout, or no connection to the broker
     */
    void publish(ClientId client, CorrelationId id, JobType type, JsonNode payload, Instant acceptedAt) {
        Message message = MessageBuilder
            .withBody(Json.mapper().writeValueAsBytes(new JobMessage(type.value(), payload, acceptedAt)))
            .setContentType(MessageProperties.CONTENT_TYPE_JSON)
            .setContentEncoding(StandardCharsets.UTF_8.name())
            .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
            .setCorrelationId(id.value())
            .setHeader(Headers.CLIENT_ID, client.value())
            .setHeader(Headers.ACCEPTED_BY, this.node.id().value())
            .setHeader(Headers.JOB_TYPE, type.value())
            .build();
        // A fresh id per attempt: two concurrent publishes of one request must not share
        // a pending confirm.
        CorrelationData confirm = new CorrelationData();
        try {
            this.rabbit.send(Topology.JOBS_EXCHANGE, type.value(), message, confirm);
            CorrelationData.Confirm outcome = confirm.getFuture()
                .get(this.properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!outcome.ack()) {
                throw failed("nacked by the broker (" + outcome.reason() + ")", null);
            }
            // The broker sends a return before the confirm of the same message, and
            // Spring AMQP records it on the CorrelationData before it completes the
            // future.
            if (confirm.getReturned() != null) {
                throw failed("returned unroutable (" + confirm.getReturned().getReplyText() + "): no queue bound for "
                        + "type " + type, null);
            }
        }
        catch (AmqpException ex) {
            throw failed("not sent: " + ex.getMessage(), ex);
        }
        catch (TimeoutException ex) {
            throw failed("not confirmed within " + this.properties.confirmTimeout(), null);
        }
        catch (ExecutionException ex) {
            throw failed("confirm failed: " + ex.getCause(), null);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the confirm", null);
        }
    }

    private static ApiProblemException failed(String why, Throwable cause) {
        logger.warn("Job not published, answering 503: {}", why);
        return new ApiProblemException(ProblemType.UNAVAILABLE, UNAVAILABLE, cause);
    }

}

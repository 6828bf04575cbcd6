package io.backchannel.node.intake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.amqp.publish.PublishFailedException;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.tracing.RequestTrace;
import io.backchannel.node.web.ApiProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

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

    private final ConfirmingPublisher publisher;

    private final NodeIdentity node;

    private final IntakeProperties properties;

    private final RequestTrace trace;

    JobPublisher(ConfirmingPublisher publisher, NodeIdentity node, IntakeProperties properties, RequestTrace trace) {
        this.publisher = publisher;
        this.node = node;
        this.properties = properties;
        this.trace = trace;
    }

    /**
     * Publishes the job to {@code bc.jobs} with routing key = type and waits for the
     * confirm.
     * @throws ApiProblemException {@code unavailable} on a nack, a return (no queue for
     * the type), no confirm within the timeout, or no connection to the broker
     */
    void publish(ClientId client, CorrelationId id, JobType type, JsonNode payload, Instant acceptedAt,
            Instant deadline) {
        Map<String, Object> headers = new HashMap<>(8);
        headers.put(Headers.CLIENT_ID, client.value());
        headers.put(Headers.ACCEPTED_BY, this.node.id().value());
        headers.put(Headers.JOB_TYPE, type.value());
        String traceparent = this.trace.traceparent();
        if (traceparent != null) {
            headers.put(Headers.TRACEPARENT, traceparent);
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
            .contentEncoding(StandardCharsets.UTF_8.name())
            .deliveryMode(2)
            .correlationId(id.value())
            .headers(headers)
            .build();
        byte[] body = Json.mapper().writeValueAsBytes(new JobMessage(type.value(), payload, acceptedAt, deadline));
        try {
            ConfirmingPublisher.await(this.publisher.publish(Topology.JOBS_EXCHANGE, type.value(), props, body),
                    this.properties.confirmTimeout());
        }
        catch (PublishFailedException ex) {
            throw failed(ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the confirm", ex);
        }
    }

    private static ApiProblemException failed(String why, Throwable cause) {
        logger.warn("Job not published, answering 503: {}", why);
        return new ApiProblemException(ProblemType.UNAVAILABLE, UNAVAILABLE, cause);
    }

}

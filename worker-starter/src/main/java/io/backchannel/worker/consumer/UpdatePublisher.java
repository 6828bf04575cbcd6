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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Publishes a job's updates to {@code bc.replies}, persistent, with the job's correlation
 * id and headers.
 *
 * <p>
 * Guarantee: {@link #publish} returns only once the broker has confirmed that the update
 * is stored in a queue; otherwise it throws {@link UpdateNotConfirmedException}. Updates
 * are sent one at a time, so those of one job reach the reply queue in the order sent.
 *
 * <p>
 * An update the broker refuses (a nack, no confirm in time, a channel lost under it) is
 * sent again, with backoff, for {@code backchannel.worker.update-retry-for}, while the
 * worker holds its job (design note 35). The job's work is done; what failed is the way
 * back, typically a reply queue electing a new leader after a broker node died. Giving
 * the job back at once would run it again straight away and fail the same way, each time
 * counting towards the job queue's delivery limit, until the broker gave up on the job. A
 * copy sent twice is harmless: a web node applies an update once, by its attempt and
 * sequence number.
 */
class UpdatePublisher {

    private static final Logger log = LoggerFactory.getLogger(UpdatePublisher.class);

    private final ConfirmingPublisher publisher;

    private final Duration confirmTimeout;

    private final Duration retryFor;

    private final RetryTemplate retry;

    private final MessagePropertiesConverter converter = new DefaultMessagePropertiesConverter();

    UpdatePublisher(ConfirmingPublisher publisher, WorkerProperties properties) {
        this.publisher = publisher;
        this.confirmTimeout = properties.confirmTimeout();
        this.retryFor = properties.updateRetryFor();
        RetryPolicy.Builder policy = RetryPolicy.builder()
            .includes(PublishFailedException.class)
            .delay(Duration.ofMillis(50))
            .multiplier(2)
            // Short: a refusal costs the broker little, and while a held job waits, so
            // does its consumer's whole buffer.
            .maxDelay(Duration.ofMillis(500));
        if (!this.retryFor.isZero()) {
            // Unused at 0: the first refusal then ends the send.
            policy.timeout(this.retryFor);
        }
        this.retry = new RetryTemplate(policy.maxRetries(Long.MAX_VALUE).build());
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

    /**
     * The message's name is only built when it goes into a log line or an error. The
     * first send is a plain one; only a refused update pays for the retries.
     */
    private void confirm(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
            Supplier<String> id) {
        try {
            send(exchange, routingKey, properties, body);
            return;
        }
        catch (PublishFailedException ex) {
            if (this.retryFor.isZero()) {
                throw new UpdateNotConfirmedException(id.get() + " not confirmed: " + ex.getMessage(), ex);
            }
            log.warn("The broker did not take {} ({}); sending it again for up to {} s", id.get(), ex.getMessage(),
                    this.retryFor.toSeconds());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new UpdateNotConfirmedException("interrupted while sending " + id.get(), ex);
        }
        long start = System.nanoTime();
        try {
            this.retry.execute(() -> {
                send(exchange, routingKey, properties, body);
                return null;
            });
            log.info("The broker took {} after {} ms more", id.get(), (System.nanoTime() - start) / 1_000_000);
        }
        catch (RetryException ex) {
            Throwable last = ex.getCause();
            if (last instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                Thread.currentThread().interrupt();
                throw new UpdateNotConfirmedException("interrupted while sending " + id.get(), ex);
            }
            throw new UpdateNotConfirmedException(id.get() + " not confirmed after " + (ex.getRetryCount() + 1)
                    + " more tries: " + ((last != null) ? last.getMessage() : ex.getMessage()), ex);
        }
    }

    private void send(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body)
            throws InterruptedException {
        ConfirmingPublisher.await(this.publisher.publish(exchange, routingKey, properties, body), this.confirmTimeout);
    }

}

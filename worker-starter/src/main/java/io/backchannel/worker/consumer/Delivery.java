package io.backchannel.worker.consumer;

import java.util.regex.Pattern;

import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * One job as it was delivered, with what the worker copies onto its updates.
 *
 * @param clientId the owning client, from header {@code bc-client-id}
 * @param correlationId the request, from the AMQP {@code correlation_id} property
 * @param acceptedBy the web node that took the request, or null when not given
 * @param type the job type of the queue it came from
 * @param job the body
 * @param previousDeliveries how often the broker handed this job out before
 * @param traceparent the request's trace (W3C {@code traceparent}), copied onto every
 * update so that the node that takes it continues the same trace; null when the job came
 * without one, or with one that is not W3C's
 */
record Delivery(ClientId clientId, CorrelationId correlationId, @Nullable String acceptedBy, JobType type,
        JobMessage job, int previousDeliveries, @Nullable String traceparent) {

    /**
     * Version 00 of W3C Trace Context; a later version is passed on only in this form.
     */
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    /**
     * Reads a job from a message of the queue for {@code type}.
     * @throws AmqpRejectAndDontRequeueException when no update could ever be addressed
     * for it (no correlation id or client id) or the body is not a job of this type:
     * retrying cannot mend that, so it goes to the dead-letter queue at once
     */
    static Delivery read(Message message, JobType type) {
        MessageProperties properties = message.getMessageProperties();
        CorrelationId correlationId;
        ClientId clientId;
        try {
            correlationId = CorrelationId.of(properties.getCorrelationId());
            clientId = ClientId.of(properties.getHeader(Headers.CLIENT_ID) instanceof String s ? s : null);
        }
        catch (InvalidIdException ex) {
            throw new AmqpRejectAndDontRequeueException(ex.getMessage());
        }
        JobMessage job;
        try {
            job = Json.mapper().readValue(message.getBody(), JobMessage.class);
        }
        catch (JacksonException ex) {
            throw new AmqpRejectAndDontRequeueException("body is not a job: " + ex.getOriginalMessage());
        }
        if (job == null || !type.value().equals(job.type())) {
            throw new AmqpRejectAndDontRequeueException("body is not a job of type " + type);
        }
        String acceptedBy = (properties.getHeader(Headers.ACCEPTED_BY) instanceof String s) ? s : null;
        String traceparent = (properties.getHeader(Headers.TRACEPARENT) instanceof String t
                && TRACEPARENT.matcher(t).matches()) ? t : null;
        return new Delivery(clientId, correlationId, acceptedBy, type, job, previousDeliveries(properties),
                traceparent);
    }

    /**
     * Deliveries before this one: the broker's count, plus those before the job was sent
     * back to its queue ({@link Headers#EARLIER_DELIVERIES}); saturates at
     * {@code Integer.MAX_VALUE}.
     */
    static int previousDeliveries(MessageProperties properties) {
        long broker = Math.max(count(properties.getHeader(Headers.DELIVERY_COUNT)),
                count(properties.getHeader(Headers.ACQUIRED_COUNT)));
        return (int) Math.min(broker + count(properties.getHeader(Headers.EARLIER_DELIVERIES)), Integer.MAX_VALUE);
    }

    static int count(@Nullable Object header) {
        if (header instanceof Number n) {
            return (int) Math.clamp(n.longValue(), 0, Integer.MAX_VALUE);
        }
        return 0;
    }

}

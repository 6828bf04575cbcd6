package io.backchannel.node.routing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.amqp.publish.PublishFailedException;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.node.record.ApplyOutcome;
import io.backchannel.node.record.StoreProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.core.JacksonException;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Consumes worker updates from the shared reply queue, in competition with every other
 * node: applies each to its record in one atomic step, routes it to its owner's sockets,
 * and only then acks it (in batches, {@link ReplyAcks}).
 *
 * <p>
 * An unreadable update is parked in {@code bc.replies.dead} at once (it would fail the
 * same way forever). While Redis is unreachable the update is held un-acked and retried,
 * never dropped; while this node hands its work to nodes that Redis answers, it goes back
 * to the broker for them ({@link ReplyHandback}).
 */
@Component
class ReplyListener {

    /** The listener container's id. */
    static final String ID = "replies";

    /** Why a parked reply could not be read, on the parked copy. */
    static final String UNREADABLE_HEADER = "x-backchannel-unreadable";

    /** How often a reply held for Redis looks whether to go back to the broker. */
    private static final Duration GIVE_BACK_CHECK = Duration.ofMillis(100);

    private static final Duration PARK_CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger logger = LoggerFactory.getLogger(ReplyListener.class);

    private final UpdateDelivery delivery;

    private final ReplyProperties properties;

    private final ConfirmingPublisher publisher;

    private final StoreProbe store;

    private volatile boolean stopping;

    private volatile boolean givingBack;

    ReplyListener(UpdateDelivery delivery, ReplyProperties properties, ConfirmingPublisher brokerPublisher,
            StoreProbe store) {
        this.store = store;
        this.delivery = delivery;
        this.properties = properties;
        this.publisher = brokerPublisher;
    }

    // The bound ReplyProperties bean (Boot names it "<prefix>-<class name>"), so that its
    // default is the one in force.
    @RabbitListener(id = ID, queues = Topology.REPLIES_QUEUE,
            concurrency = "#{@'backchannel.replies-io.backchannel.node.routing.ReplyProperties'.concurrency()}")
    void onReply(Message message) throws InterruptedException {
        MessageProperties props = message.getMessageProperties();
        CorrelationId id;
        ClientId client;
        JobUpdate update;
        try {
            id = CorrelationId.of(props.getCorrelationId());
            client = ClientId.of(String.valueOf(props.getHeaders().get(Headers.CLIENT_ID)));
            update = Json.mapper().readValue(message.getBody(), JobUpdate.class);
            check(update);
        }
        catch (IllegalArgumentException | JacksonException ex) {
            park(message, ex.getMessage());
            return;
        }
        MDC.put("correlationId", id.value());
        MDC.put("clientId", client.value());
        try {
            Object acceptedBy = props.getHeaders().get(Headers.ACCEPTED_BY);
            deliver(client, id, update, (acceptedBy != null) ? acceptedBy.toString() : null);
        }
        finally {
            MDC.remove("correlationId");
            MDC.remove("clientId");
        }
    }

    private void deliver(ClientId client, CorrelationId id, JobUpdate update, String acceptedBy)
            throws InterruptedException {
        long pause = 100;
        while (true) {
            // While Redis does not answer the probe a command would only wait out its
            // timeout: hold the reply until it answers (or the pause ends), then try.
            awaitStore();
            try {
                ApplyOutcome outcome = this.delivery.deliver(client, id, update, acceptedBy);
                this.store.noteAnswered();
                if (!outcome.kind().delivers()) {
                    logger.debug("Dropped {} update ({}, {})", outcome.kind(), update.attempt(), update.seq());
                }
                return;
            }
            catch (DataAccessException ex) {
                if (this.stopping || this.givingBack) {
                    throw ex;
                }
                logger.warn("Redis unavailable, holding reply and retrying in {} ms: {}", pause, ex.getMessage());
                if (!this.store.away()) {
                    Thread.sleep(pause);
                }
                pause = Math.min(pause * 2, this.properties.storeRetryMax().toMillis());
            }
        }
    }

    /**
     * Waits while the store is away, at most {@code store-retry-max}; gives the reply
     * back to the broker (the exception requeues it) once the node hands its work to
     * nodes that Redis answers.
     */
    private void awaitStore() throws InterruptedException {
        long end = System.nanoTime() + this.properties.storeRetryMax().toNanos();
        while (this.store.away() && System.nanoTime() < end) {
            if (this.givingBack) {
                throw new ReplyGivenBackException();
            }
            this.store.awaitAnswering(GIVE_BACK_CHECK);
        }
    }

    /**
     * Whether replies in hand go back to the broker rather than wait for Redis
     * ({@link ReplyHandback}).
     */
    void giveBack(boolean giveBack) {
        this.givingBack = giveBack;
    }

    /**
     * Puts an unreadable reply where a rejected one would go, and returns so that it is
     * acked with its batch. Rejecting it instead would reject every reply the consumer
     * has handled since its last ack with it (a batch is acked, and rejected, as one),
     * and park good replies beside the bad one.
     */
    private void park(Message message, String why) throws InterruptedException {
        logger.warn("Unreadable reply parked in {}: {}", Topology.DEAD_REPLIES_QUEUE, why);
        MessageProperties props = message.getMessageProperties();
        Map<String, Object> headers = new HashMap<>(props.getHeaders());
        headers.put(UNREADABLE_HEADER, why);
        AMQP.BasicProperties parked = new AMQP.BasicProperties.Builder().contentType(props.getContentType())
            .deliveryMode(2)
            .correlationId(props.getCorrelationId())
            .messageId(props.getMessageId())
            .headers(headers)
            .build();
        try {
            ConfirmingPublisher.await(this.publisher.publish(Topology.DEAD_LETTER_EXCHANGE,
                    Topology.DEAD_REPLIES_ROUTING_KEY, parked, message.getBody()), PARK_CONFIRM_TIMEOUT);
        }
        catch (PublishFailedException ex) {
            // Not parked: the broker dead-letters it (with whatever shares its batch).
            throw new AmqpRejectAndDontRequeueException("Unreadable reply, not parked: " + why, ex);
        }
    }

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        this.stopping = true;
    }

    private static void check(JobUpdate update) {
        if (update.attempt() < 1 || update.seq() < 1) {
            throw new IllegalArgumentException("attempt and seq start at 1");
        }
        if (update.status() == null || update.status() == RequestStatus.QUEUED
                || update.status() == RequestStatus.CANCELLED) {
            // Only a node cancels.
            throw new IllegalArgumentException("status must be RUNNING, SUCCEEDED or FAILED");
        }
        if (update.progress() != null && (update.progress() < 0 || update.progress() > 100)) {
            throw new IllegalArgumentException("progress must be 0 to 100");
        }
    }

}

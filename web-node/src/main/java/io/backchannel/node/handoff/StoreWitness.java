package io.backchannel.node.handoff;

import java.util.concurrent.atomic.AtomicLong;

import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.StoreProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpTemplate;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageBuilderSupport;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Asks the other nodes, over the broker, when Redis last answered them, and answers their
 * questions: a node that Redis does not answer cannot read anything there, but may still
 * reach the broker. Only a node whose own probe sees Redis answering answers; its answer
 * is the time of its last answer, by its clock.
 */
@Component
public class StoreWitness {

    private static final Logger logger = LoggerFactory.getLogger(StoreWitness.class);

    static final String KIND = "x-backchannel-kind";

    static final String ASK = "store-ask";

    static final String ANSWER = "store-answer";

    static final String NODE = "x-backchannel-node";

    static final String ANSWERED_AT = "x-backchannel-store-answered-at";

    /**
     * A question or an answer is stale after this: the next question is a second away.
     */
    private static final String EXPIRATION = "2000";

    private final AmqpTemplate broker;

    private final StoreProbe store;

    private final NodeIdentity node;

    private final String queue;

    /**
     * When this node's own question last came back to it through the broker (nanoTime):
     * proof that the broker answers it.
     */
    private final AtomicLong heardItselfAt = new AtomicLong(System.nanoTime());

    /** The latest time another node said Redis answered it, epoch ms by its clock. */
    private final AtomicLong latestPeerAnswer = new AtomicLong();

    StoreWitness(AmqpTemplate broker, StoreProbe store, NodeIdentity node, Queue storeWitnessQueue) {
        this.broker = broker;
        this.store = store;
        this.node = node;
        this.queue = storeWitnessQueue.getName();
    }

    /** Asks every other node when Redis last answered it. */
    void ask() {
        try {
            this.broker.send(StoreWitnessTopology.EXCHANGE, "", message(ASK).setReplyTo(this.queue).build());
        }
        catch (AmqpException ex) {
            logger.debug("Could not ask the other nodes about Redis: {}", ex.getMessage());
        }
    }

    /**
     * Whether another node said that Redis answered it after {@code epochMillis}.
     */
    boolean peerAnsweredAfter(long epochMillis) {
        return this.latestPeerAnswer.get() > epochMillis;
    }

    /**
     * Whether this node's own question has not come back through the broker for
     * {@code nanos} as of {@code now} (nanoTime): the broker does not answer it either.
     */
    boolean unheardFor(long nanos, long now) {
        return now - this.heardItselfAt.get() >= nanos;
    }

    /** The latest time another node said Redis answered it, epoch ms; 0 if none did. */
    long latestPeerAnswer() {
        return this.latestPeerAnswer.get();
    }

    @RabbitListener(id = "store-witness", queues = "#{@storeWitnessQueue.name}", ackMode = "NONE", concurrency = "1")
    void onMessage(Message message) {
        Object kind = message.getMessageProperties().getHeader(KIND);
        if (ASK.equals(kind)) {
            String asker = message.getMessageProperties().getReplyTo();
            if (this.queue.equals(asker)) {
                this.heardItselfAt.set(System.nanoTime());
            }
            else {
                answer(asker);
            }
        }
        else if (ANSWER.equals(kind)) {
            note(message.getMessageProperties().getHeader(ANSWERED_AT), message.getMessageProperties().getHeader(NODE));
        }
        else {
            logger.debug("Ignoring a message of kind {} on {}", kind, this.queue);
        }
    }

    private void answer(String asker) {
        if (asker == null || asker.isEmpty() || this.store.away() || !this.store.watching()) {
            return;
        }
        Message answer = message(ANSWER).setHeader(ANSWERED_AT, this.store.lastAnsweredAt()).build();
        try {
            this.broker.send("", asker, answer);
        }
        catch (AmqpException ex) {
            logger.debug("Could not answer {} about Redis: {}", asker, ex.getMessage());
        }
    }

    private void note(Object answeredAt, Object from) {
        if (!(answeredAt instanceof Number at)) {
            logger.debug("Ignoring an answer about Redis without a time, from {}", from);
            return;
        }
        this.latestPeerAnswer.accumulateAndGet(at.longValue(), Math::max);
    }

    private MessageBuilderSupport<Message> message(String kind) {
        return MessageBuilder.withBody(new byte[0])
            .setHeader(KIND, kind)
            .setHeader(NODE, this.node.id().value())
            .setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT)
            .setExpiration(EXPIRATION);
    }

}

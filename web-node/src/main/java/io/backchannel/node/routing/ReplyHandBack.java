package io.backchannel.node.routing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Gives this node's share of worker replies back to the broker while the node cannot
 * reach Redis, so that nodes that can apply them do (design note 35). A reply held longer
 * than {@link ReplyProperties#handBackAfter()} stops this node's reply consumers: closing
 * their channels returns every reply they held, prefetched ones included. They start
 * again once Redis answers a {@code PING}. A node cannot tell its own partition from an
 * outage every node sees; in an outage every node hands back and the replies wait in
 * their quorum queue, where they are as safe as in a consumer's buffer.
 */
@Component
class ReplyHandBack {

    /** How often a node that handed its replies back asks Redis whether it answers. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private static final Logger logger = LoggerFactory.getLogger(ReplyHandBack.class);

    private final RabbitListenerEndpointRegistry registry;

    private final RedisConnectionFactory redis;

    private final AtomicBoolean handedBack = new AtomicBoolean();

    private volatile boolean closing;

    ReplyHandBack(RabbitListenerEndpointRegistry registry, RedisConnectionFactory redis) {
        this.registry = registry;
        this.redis = redis;
    }

    /**
     * Whether the replies are handed back now: a consumer returns what it has at once.
     */
    boolean active() {
        return this.handedBack.get();
    }

    /** A consumer held a reply for {@code held} without reaching Redis. */
    void handBack(Duration held) {
        if (this.closing || !this.handedBack.compareAndSet(false, true)) {
            return;
        }
        logger.warn("Redis unreachable for {} ms: replies handed back to the broker for other nodes; "
                + "consuming again once Redis answers", held.toMillis());
        // Not on a consumer's thread: stopping the container waits for its consumers.
        Thread.ofVirtual().name("reply-hand-back").start(this::pauseUntilRedisAnswers);
    }

    private void pauseUntilRedisAnswers() {
        MessageListenerContainer replies = this.registry.getListenerContainer(ReplyListener.ID);
        try {
            replies.stop();
            while (!this.closing && !redisAnswers()) {
                Thread.sleep(PROBE_INTERVAL);
            }
            if (!this.closing) {
                replies.start();
                logger.info("Redis answers again: consuming replies");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.handedBack.set(false);
        }
    }

    private boolean redisAnswers() {
        try (RedisConnection connection = this.redis.getConnection()) {
            return "PONG".equalsIgnoreCase(connection.ping());
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    @EventListener(ContextClosedEvent.class)
    void closing() {
        this.closing = true;
    }

}

package io.backchannel.node.limits;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionBlockedEvent;
import org.springframework.amqp.rabbit.connection.ConnectionUnblockedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether the broker can take more jobs. It cannot while it blocks this node's publishers
 * ({@code connection.blocked}: a memory or disk alarm; a publish would hang until the
 * confirm timeout), or while a type's queue holds more than the configured depth (workers
 * are behind: piling on only makes every request wait longer). Then the intake answers
 * 503 with Retry-After at once, and takes nothing it could lose.
 *
 * <p>
 * A queue's depth is read with a passive declare at most once per check interval per
 * type; requests in between use the last reading, and a failed reading counts as no
 * backlog (the publish itself will then tell whether the broker is there).
 */
@Component
public class BrokerBackpressure {

    private static final Logger logger = LoggerFactory.getLogger(BrokerBackpressure.class);

    private final AmqpAdmin admin;

    private final BackpressureProperties properties;

    private final Set<Connection> blocked = ConcurrentHashMap.newKeySet();

    private final Map<JobType, QueueDepth> depths = new ConcurrentHashMap<>();

    private final ConfirmingPublisher publisher;

    public BrokerBackpressure(AmqpAdmin admin, BackpressureProperties properties, ConfirmingPublisher publisher) {
        this.admin = admin;
        this.properties = properties;
        this.publisher = publisher;
    }

    /**
     * Why jobs of this type should not be taken now, as a sentence for the client, or
     * null when they may.
     */
    public String refusal(JobType type) {
        // A connection that closed while blocked is never unblocked; its successor starts
        // unblocked.
        this.blocked.removeIf((connection) -> !connection.isOpen());
        if (!this.blocked.isEmpty() || this.publisher.blocked()) {
            return "The job broker is not taking new work right now; send the same request again later.";
        }
        long max = this.properties.maxQueueDepth();
        if (max > 0 && this.depths.computeIfAbsent(type, QueueDepth::new).current() > max) {
            return "Too many jobs of type '" + type + "' are waiting; send the same request again later.";
        }
        return null;
    }

    @EventListener
    void blocked(ConnectionBlockedEvent event) {
        logger.warn("The broker blocks publishing ({}): new requests are answered 503", event.getReason());
        this.blocked.add(event.getConnection());
    }

    @EventListener
    void unblocked(ConnectionUnblockedEvent event) {
        logger.info("The broker takes publishing again");
        this.blocked.remove(event.getConnection());
    }

    /** The last reading of one queue's depth, refreshed by one caller at a time. */
    private final class QueueDepth {

        private final String queue;

        private final ReentrantLock reading = new ReentrantLock();

        private volatile long messages;

        private volatile long readAt;

        private volatile boolean read;

        QueueDepth(JobType type) {
            this.queue = Topology.jobQueue(type);
        }

        long current() {
            long now = System.nanoTime();
            boolean stale = !this.read
                    || now - this.readAt >= BrokerBackpressure.this.properties.depthCheckInterval().toNanos();
            // Callers that find another one reading go on with the last value rather
            // than wait.
            if (stale && this.reading.tryLock()) {
                try {
                    this.messages = readDepth();
                    this.readAt = System.nanoTime();
                    this.read = true;
                }
                finally {
                    this.reading.unlock();
                }
            }
            return this.messages;
        }

        private long readDepth() {
            try {
                QueueInformation info = BrokerBackpressure.this.admin.getQueueInfo(this.queue);
                return (info != null) ? info.getMessageCount() : 0;
            }
            catch (AmqpException ex) {
                logger.debug("Could not read the depth of {}: {}", this.queue, ex.getMessage());
                return 0;
            }
        }

    }

}

package io.backchannel.amqp.publish;

import com.rabbitmq.client.BlockedListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code connection.blocked} and {@code connection.unblocked} on the publisher's
 * connection. A new connection starts unblocked: a connection that closed while blocked
 * is never unblocked.
 */
final class PublisherBlocking implements BlockedListener {

    private static final Logger logger = LoggerFactory.getLogger(PublisherBlocking.class);

    private volatile boolean blocked;

    @Override
    public void handleBlocked(String reason) {
        logger.warn("The broker blocks publishing ({})", reason);
        this.blocked = true;
    }

    @Override
    public void handleUnblocked() {
        logger.info("The broker takes publishing again");
        this.blocked = false;
    }

    boolean blocked() {
        return this.blocked;
    }

    void reset() {
        this.blocked = false;
    }

}

package io.backchannel.node.routing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Stops and starts this node's reply consumption while Redis answers other nodes and not
 * this one (design note 38). Held, a reply would wait for this node's link; given back,
 * another node applies it at once. A reply given back after this node's command reached
 * Redis is applied once all the same: the apply step takes an update once.
 */
@Component
public class ReplyHandback implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(ReplyHandback.class);

    private final RabbitListenerEndpointRegistry listeners;

    private final ReplyListener listener;

    /**
     * One thread, so that a stop (which waits for the consumers) and the start after it
     * happen in the order asked.
     */
    private final ExecutorService lifecycle = Executors
        .newSingleThreadExecutor(Thread.ofPlatform().daemon().name("reply-handback").factory());

    ReplyHandback(RabbitListenerEndpointRegistry listeners, ReplyListener listener) {
        this.listeners = listeners;
        this.listener = listener;
    }

    /** Gives the replies in hand back to the broker and stops taking more. */
    public void giveBack() {
        this.listener.giveBack(true);
        this.lifecycle.execute(() -> {
            MessageListenerContainer container = container();
            if (container != null && container.isRunning()) {
                logger.info("Giving replies back to the broker and consuming none until Redis answers this node");
                container.stop();
            }
        });
    }

    /** Takes replies again. */
    public void resume() {
        this.listener.giveBack(false);
        this.lifecycle.execute(() -> {
            MessageListenerContainer container = container();
            if (container != null && !container.isRunning()) {
                logger.info("Consuming replies again");
                container.start();
            }
        });
    }

    private MessageListenerContainer container() {
        return this.listeners.getListenerContainer(ReplyListener.ID);
    }

    @Override
    public void destroy() {
        this.lifecycle.shutdownNow();
    }

}

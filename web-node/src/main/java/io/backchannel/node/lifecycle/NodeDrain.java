package io.backchannel.node.lifecycle;

import io.backchannel.node.intake.IntakeGate;
import io.backchannel.node.session.SocketHandler;
import io.backchannel.node.waiting.Waiters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown, first step: as soon as the node is asked to stop (before any
 * component stops), it stops taking requests and closes every socket with 1012, so
 * clients reconnect to another node at once and resume from their last event. The reply
 * consumer keeps running until its own stop, finishing the replies in hand and acking
 * each only once it is in Redis: nothing acked is lost, and what this node's sockets
 * would have had is in their owners' inboxes.
 */
@Component
class NodeDrain {

    private static final Logger logger = LoggerFactory.getLogger(NodeDrain.class);

    private final IntakeGate intake;

    private final SocketHandler sockets;

    private final Waiters waiters;

    NodeDrain(IntakeGate intake, SocketHandler sockets, Waiters waiters) {
        this.intake = intake;
        this.sockets = sockets;
        this.waiters = waiters;
    }

    @EventListener(ContextClosedEvent.class)
    void drain() {
        logger.info("Draining: intake closed, closing sockets with 1012, answering waiting calls");
        this.intake.close();
        this.sockets.drain();
        this.waiters.answerAll();
    }

}

package io.backchannel.node.routing;

import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The reply consumers ack their replies in batches ({@link ReplyProperties#ackBatch()}).
 * On a quorum queue every ack is a command in the queue's replicated log; one ack for ten
 * replies takes most of that work off the broker (design note 28). A reply redelivered
 * because its ack had not gone out yet (a node that died mid-batch) is a duplicate the
 * record's (attempt, seq) order already absorbs.
 */
@Configuration(proxyBeanMethods = false)
class ReplyAcks {

    /** Spring Boot applies it to every container its listener factory makes. */
    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> replyAckBatching(ReplyProperties properties) {
        return (container) -> {
            if (ReplyListener.ID.equals(container.getListenerId())) {
                container.setBatchSize(properties.ackBatch());
            }
        };
    }

}

package io.backchannel.node.routing;

import java.time.Duration;
import java.util.List;

import io.backchannel.node.LiveNode;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reply listener runs as many consumers as {@link ReplyProperties} says, with no
 * property set: the record's default is the one in force, and the one the README states.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=replies-it", "backchannel.intake.job-types=replies-probe" })
class ReplyConsumersIT extends LiveNode {

    @Autowired
    private RabbitListenerEndpointRegistry listeners;

    @Autowired
    private ReplyProperties properties;

    @Override
    protected List<String> testTypes() {
        return List.of("replies-probe");
    }

    @Test
    void replyConsumers_byDefault_areThePropertiesDefault() {
        SimpleMessageListenerContainer container = (SimpleMessageListenerContainer) this.listeners
            .getListenerContainer("replies");
        assertThat(this.properties.concurrency()).isEqualTo(16);
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(
                    () -> assertThat(container.getActiveConsumerCount()).isEqualTo(this.properties.concurrency()));
    }

}

package io.backchannel.node.routing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.node.LiveNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replies are acked in batches, and an unreadable reply among them is parked alone: the
 * readable ones handled in the same batch are not dead-lettered with it. One consumer, so
 * that the replies of a test share its batches.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=reply-acks-it", "backchannel.intake.job-types=reply-acks-probe",
                "backchannel.replies.concurrency=1", "backchannel.replies.ack-batch=10" })
class ReplyAcksIT extends LiveNode {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Autowired
    private RabbitListenerEndpointRegistry listeners;

    @Autowired
    private ConnectionFactory connectionFactory;

    @Autowired
    private RabbitTemplate rabbit;

    /** Parked replies seen, by correlation id, with the reason they carry. */
    private final Map<String, String> parked = new ConcurrentHashMap<>();

    private DirectMessageListenerContainer observer;

    @Override
    protected List<String> testTypes() {
        return List.of("reply-acks-probe");
    }

    @BeforeEach
    void observeParkedReplies() {
        String queue = this.admin.declareQueue().getName();
        this.admin.declareBinding(new Binding(queue, Binding.DestinationType.QUEUE, Topology.DEAD_LETTER_EXCHANGE,
                Topology.DEAD_REPLIES_ROUTING_KEY, null));
        this.observer = new DirectMessageListenerContainer(this.connectionFactory);
        this.observer.setQueueNames(queue);
        this.observer.setMessageListener((message) -> this.parked.put(
                String.valueOf(message.getMessageProperties().getCorrelationId()),
                String.valueOf(message.getMessageProperties().getHeaders().get(ReplyListener.UNREADABLE_HEADER))));
        this.observer.start();
    }

    @AfterEach
    void stopObserving() {
        this.observer.stop();
    }

    @Test
    void replyContainer_acksInBatchesOfTheProperty() {
        SimpleMessageListenerContainer container = (SimpleMessageListenerContainer) this.listeners
            .getListenerContainer(ReplyListener.ID);
        assertThat(container.getActiveConsumerCount()).isEqualTo(1);
        assertThat(container).extracting("batchSize").isEqualTo(10);
    }

    @Test
    void unreadableReply_isParkedAlone_notWithTheReadableOnesOfItsBatch() {
        String before = UUID.randomUUID().toString();
        String unreadable = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        // Readable, for requests no node knows: dropped and acked, never parked.
        this.rabbit.send(Topology.REPLIES_EXCHANGE, Topology.REPLIES_ROUTING_KEY,
                reply(before, "{\"attempt\":1,\"seq\":1,\"status\":\"SUCCEEDED\",\"result\":{}}"));
        this.rabbit.send(Topology.REPLIES_EXCHANGE, Topology.REPLIES_ROUTING_KEY, reply(unreadable, "{not json"));
        this.rabbit.send(Topology.REPLIES_EXCHANGE, Topology.REPLIES_ROUTING_KEY,
                reply(after, "{\"attempt\":1,\"seq\":1,\"status\":\"SUCCEEDED\",\"result\":{}}"));

        await().atMost(TIMEOUT).until(() -> this.parked.containsKey(unreadable));
        assertThat(this.parked.get(unreadable)).isNotBlank().isNotEqualTo("null");
        await().during(Duration.ofMillis(1500))
            .atMost(TIMEOUT)
            .until(() -> !this.parked.containsKey(before) && !this.parked.containsKey(after));
    }

    private static Message reply(String correlationId, String json) {
        return MessageBuilder.withBody(json.getBytes(StandardCharsets.UTF_8))
            .setContentType("application/json")
            .setCorrelationId(correlationId)
            .setHeader(Headers.CLIENT_ID, "AAAAAAAAAAAAAAAAAAAAAA")
            .build();
    }

}

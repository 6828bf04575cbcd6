package io.backchannel.cluster;

import java.time.Duration;
import java.util.Map;

import io.backchannel.testing.TestServices;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node cut off from Redis (its connections stall, nothing closes them, as in a network
 * partition) gives the replies it holds back to the broker, for a node that reaches
 * Redis, and consumes again once Redis answers (design note 35).
 */
class ReplyHandBackIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void nodeCutOffFromRedis_handsItsRepliesBack_andConsumesAgainOnceRedisAnswers() throws Exception {
        Node a = this.cluster.node(0);
        Node b = this.cluster.node(1);
        Node c = this.cluster.node(2);
        Map<String, Object> services = TestServices.springProperties();
        try (StallingProxy redis = new StallingProxy(String.valueOf(services.get("spring.data.redis.host")),
                Integer.parseInt(String.valueOf(services.get("spring.data.redis.port"))))) {
            Node cutOff = this.cluster.startExtraNode("node-hand-back", Map.of("spring.data.redis.host", "127.0.0.1",
                    "spring.data.redis.port", redis.port(), "backchannel.replies.hand-back-after", "1s"));
            TestClient client = TestClient.register(a);
            TestSocket socket = client.connect(a, null);
            String id = TestClient.newCorrelationId();
            // The cut-off node alone consumes replies.
            a.consumeReplies(false);
            b.consumeReplies(false);
            c.consumeReplies(false);
            try {
                redis.stall();
                assertThat(client.submit(b, id, "echo", "{\"n\":1}").statusCode()).isEqualTo(202);

                // Its reply reaches the cut-off node, which cannot apply it, and hands it
                // back.
                await().atMost(Duration.ofSeconds(20)).until(() -> !replies(cutOff).isRunning());
                assertThat(socket.updates(id)).noneMatch((u) -> u.status().isTerminal());
                // Held by the cut-off node, it would never reach node a: Redis stays
                // stalled.
                a.consumeReplies(true);
                await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(socket.updates(id)).filteredOn((u) -> u.status().isTerminal())
                        .singleElement());

                redis.resume();
                await().atMost(Duration.ofSeconds(20)).until(() -> replies(cutOff).isRunning());
            }
            finally {
                a.consumeReplies(true);
                b.consumeReplies(true);
                c.consumeReplies(true);
                redis.resume();
                cutOff.context().close();
            }
        }
    }

    private static MessageListenerContainer replies(Node node) {
        return node.context().getBean(RabbitListenerEndpointRegistry.class).getListenerContainer("replies");
    }

}

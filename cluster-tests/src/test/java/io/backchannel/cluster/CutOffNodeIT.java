package io.backchannel.cluster;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.node.record.StoreProbe;
import io.backchannel.testing.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node cut off from Redis by the network (its connections stall; nothing closes them)
 * refuses new requests at once while Redis does not answer its probe, instead of letting
 * each wait out the command timeout, and takes them again once Redis answers; as the
 * other nodes say Redis answers them, it hands its clients to them meanwhile.
 */
class CutOffNodeIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void nodeCutOffFromRedis_refusesNewRequestsAtOnce_andTakesThemAgainOnceRedisAnswers() throws Exception {
        Node a = this.cluster.node(0);
        try (StallingProxy redis = redisProxy()) {
            // A command timeout far longer than the wait below: only the probe can answer
            // in time. No hand-off: the node holds what it took, as in an outage that
            // every node sees, where no other node could take it either.
            Node cutOff = startBehind(redis, "node-cut-off", Map.of("backchannel.handoff.enabled", "false"));
            try {
                TestClient client = TestClient.register(a);
                assertThat(client.submit(cutOff, TestClient.newCorrelationId(), "echo", "{}").statusCode())
                    .isEqualTo(202);
                assertThat(reachable(cutOff)).isEqualTo(1.0);
                // Its probe counts misses once a first ping has been answered.
                await().atMost(Duration.ofSeconds(20)).until(() -> probe(cutOff).watching());

                redis.stall();
                await().atMost(Duration.ofSeconds(20)).until(() -> probe(cutOff).away());
                assertThat(reachable(cutOff)).isEqualTo(0.0);
                String id = TestClient.newCorrelationId();
                HttpResponse<String> refused = submitWithin(client, cutOff, id, Duration.ofSeconds(20));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(refused.body()).contains("send the same request again");
                // Nothing of it was written: a node that reaches Redis takes the same
                // request. Its reply goes to the cut-off node alone, which holds it while
                // Redis is away, and applies it once Redis answers.
                TestSocket socket = client.connect(a, null);
                consumeReplies(false);
                try (ReplySpy spy = new ReplySpy()) {
                    assertThat(client.submit(a, id, "echo", "{\"n\":1}").statusCode()).isEqualTo(202);
                    await().atMost(Duration.ofSeconds(20))
                        .until(() -> spy.updates(id).stream().anyMatch((u) -> u.status().isTerminal())
                                && readyReplies(a) == 0);
                    assertThat(socket.updates(id)).noneMatch((u) -> u.status().isTerminal());

                    redis.resume();
                    await().atMost(Duration.ofSeconds(20)).until(() -> !probe(cutOff).away());
                    await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(socket.updates(id)).filteredOn((u) -> u.status().isTerminal())
                            .singleElement());
                }
                finally {
                    consumeReplies(true);
                }
                assertThat(client.submit(cutOff, TestClient.newCorrelationId(), "echo", "{}").statusCode())
                    .isEqualTo(202);
                assertThat(reachable(cutOff)).isEqualTo(1.0);
            }
            finally {
                redis.resume();
                cutOff.context().close();
            }
        }
    }

    @Test
    void nodeCutOffFromRedis_whileOtherNodesReachIt_handsItsClientsToThem() throws Exception {
        Node a = this.cluster.node(0);
        try (StallingProxy redis = redisProxy()) {
            Node cutOff = startBehind(redis, "node-handing-off", Map.of());
            try {
                TestClient client = TestClient.register(a);
                TestSocket socket = client.connect(cutOff, null);
                assertThat(socket.welcome()).isNotNull();
                String presence = RedisKeys.presence(ClientId.of(client.clientId()));
                StringRedisTemplate store = a.context().getBean(StringRedisTemplate.class);
                assertThat(store.opsForHash().keys(presence)).hasSize(1);
                await().atMost(Duration.ofSeconds(20)).until(() -> probe(cutOff).watching());

                // Only the cut-off node consumes replies from here on.
                consumeReplies(false);
                try {
                    redis.stall();
                    String id = TestClient.newCorrelationId();
                    assertThat(client.submit(a, id, "echo", "{\"n\":1}").statusCode()).isEqualTo(202);
                    // The other nodes say Redis answers them: the cut-off node closes its
                    // socket as a drain would, refuses new ones at the upgrade, and gives
                    // the reply it took back to the broker.
                    await().atMost(Duration.ofSeconds(20)).until(() -> socket.closeCode() != null);
                    assertThat(socket.closeCode()).isEqualTo(CloseCodes.SERVICE_RESTART);
                    assertThat(socket.closeReason()).contains("cannot reach its store").contains("reconnect within");
                    assertThat(handingOff(cutOff)).isEqualTo(1.0);
                    assertThat(upgradeStatus(cutOff)).isEqualTo(503);
                    await().atMost(Duration.ofSeconds(30)).until(() -> readyReplies(a) >= 1);
                    assertThat(replyConsumer(cutOff).isRunning()).isFalse();

                    // Its client moves to a node that reaches Redis, and gets the reply
                    // there while the cut-off node is still cut off.
                    TestSocket moved = client.connect(a, socket.lastEventId());
                    assertThat(moved.welcome()).isNotNull();
                    consumeReplies(true);
                    await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(moved.updates(id)).filteredOn((u) -> u.status().isTerminal())
                            .singleElement());
                    assertThat(probe(cutOff).away()).isTrue();
                }
                finally {
                    consumeReplies(true);
                }

                // Redis answers again: the node takes sockets again, and removes the
                // entry of the socket it closed meanwhile, which would otherwise count
                // against its client's limit for the whole lease.
                redis.resume();
                await().atMost(Duration.ofSeconds(20)).until(() -> handingOff(cutOff) == 0.0);
                await().atMost(Duration.ofSeconds(20)).until(() -> replyConsumer(cutOff).isRunning());
                await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(store.opsForHash().keys(presence)).hasSize(1));
                assertThat(client.connect(cutOff, null).welcome()).isNotNull();
            }
            finally {
                redis.resume();
                cutOff.context().close();
            }
        }
    }

    @Test
    void nodeCutOffFromRedisAndTheBroker_handsItsClientsOff_afterIsolatedAfter() throws Exception {
        Node a = this.cluster.node(0);
        try (StallingProxy redis = redisProxy(); StallingProxy broker = brokerProxy()) {
            Map<String, Object> properties = new HashMap<>(Map.of("spring.rabbitmq.host", "127.0.0.1",
                    "spring.rabbitmq.port", broker.port(), "backchannel.handoff.isolated-after", "3s"));
            Node cutOff = startBehind(redis, "node-isolated", properties);
            try {
                TestClient client = TestClient.register(a);
                TestSocket socket = client.connect(cutOff, null);
                assertThat(socket.welcome()).isNotNull();
                await().atMost(Duration.ofSeconds(20)).until(() -> probe(cutOff).watching());

                // Nobody can tell it whether Redis answers the others: its questions go
                // nowhere. It waits isolated-after, then hands off all the same.
                redis.stall();
                broker.stall();
                long stalledAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).until(() -> socket.closeCode() != null);
                assertThat(Duration.ofNanos(System.nanoTime() - stalledAt))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
                assertThat(socket.closeCode()).isEqualTo(CloseCodes.SERVICE_RESTART);
                assertThat(socket.closeReason()).contains("cannot reach its store");
                assertThat(handingOff(cutOff)).isEqualTo(1.0);
                assertThat(upgradeStatus(cutOff)).isEqualTo(503);
                assertThat(client.connect(a, socket.lastEventId()).welcome()).isNotNull();

                redis.resume();
                broker.resume();
                await().atMost(Duration.ofSeconds(30)).until(() -> handingOff(cutOff) == 0.0);
                assertThat(client.connect(cutOff, null).welcome()).isNotNull();
            }
            finally {
                redis.resume();
                broker.resume();
                cutOff.context().close();
            }
        }
    }

    /** A proxy to the broker the tests use, which can stall. */
    private static StallingProxy brokerProxy() throws IOException {
        Map<String, Object> services = TestServices.springProperties();
        return new StallingProxy(String.valueOf(services.get("spring.rabbitmq.host")),
                Integer.parseInt(String.valueOf(services.get("spring.rabbitmq.port"))));
    }

    /** A proxy to the Redis the tests use, which can stall. */
    private static StallingProxy redisProxy() throws IOException {
        Map<String, Object> services = TestServices.springProperties();
        return new StallingProxy(String.valueOf(services.get("spring.data.redis.host")),
                Integer.parseInt(String.valueOf(services.get("spring.data.redis.port"))));
    }

    /**
     * An extra node whose Redis connections go through {@code redis}, with a command
     * timeout far longer than any wait of these tests: only the probe can tell an outage
     * in time.
     */
    private Node startBehind(StallingProxy redis, String name, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(more);
        properties.putAll(Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", redis.port(),
                "spring.data.redis.timeout", "60s"));
        return this.cluster.startExtraNode(name, properties);
    }

    /** The status a WebSocket upgrade to {@code node} gets; 101 if it is taken. */
    private static int upgradeStatus(Node node) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(node.ws(), new WebSocket.Listener() {
                })
                .join()
                .abort();
            return 101;
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw ex;
        }
    }

    private static MessageListenerContainer replyConsumer(Node node) {
        return node.context().getBean(RabbitListenerEndpointRegistry.class).getListenerContainer("replies");
    }

    private static double handingOff(Node node) {
        return node.context().getBean(MeterRegistry.class).get("backchannel.handoff.active").gauge().value();
    }

    /**
     * The request of {@code id}, answered within {@code limit} or failed: a node waiting
     * out the command timeout would not answer in time.
     */
    private static HttpResponse<String> submitWithin(TestClient client, Node node, String id, Duration limit)
            throws Exception {
        String body = "{\"correlationId\":\"" + id + "\",\"type\":\"echo\",\"payload\":{\"n\":1}}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(node.http("/api/requests"))
                .timeout(limit)
                .header("Authorization", "Bearer " + client.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private void consumeReplies(boolean consume) {
        for (int i = 0; i < 3; i++) {
            this.cluster.node(i).consumeReplies(consume);
        }
    }

    private static long readyReplies(Node node) {
        QueueInformation queue = node.context().getBean(AmqpAdmin.class).getQueueInfo(Topology.REPLIES_QUEUE);
        return (queue != null) ? queue.getMessageCount() : -1;
    }

    private static StoreProbe probe(Node node) {
        return node.context().getBean(StoreProbe.class);
    }

    private static double reachable(Node node) {
        return node.context().getBean(MeterRegistry.class).get("backchannel.store.reachable").gauge().value();
    }

}

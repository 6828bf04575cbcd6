package io.backchannel.cluster;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.node.record.StoreProbe;
import io.backchannel.testing.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node cut off from Redis by the network (its connections stall; nothing closes them)
 * refuses new requests at once while Redis does not answer its probe, instead of letting
 * each wait out the command timeout, and takes them again once Redis answers.
 */
class CutOffNodeIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void nodeCutOffFromRedis_refusesNewRequestsAtOnce_andTakesThemAgainOnceRedisAnswers() throws Exception {
        Node a = this.cluster.node(0);
        Map<String, Object> services = TestServices.springProperties();
        try (StallingProxy redis = new StallingProxy(String.valueOf(services.get("spring.data.redis.host")),
                Integer.parseInt(String.valueOf(services.get("spring.data.redis.port"))))) {
            // A command timeout far longer than the wait below: only the probe can answer
            // in time.
            Node cutOff = this.cluster.startExtraNode("node-cut-off", Map.of("spring.data.redis.host", "127.0.0.1",
                    "spring.data.redis.port", redis.port(), "spring.data.redis.timeout", "60s"));
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

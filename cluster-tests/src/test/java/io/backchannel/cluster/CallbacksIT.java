package io.backchannel.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backchannel.contracts.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callbacks across the cluster: requests accepted by a node that lists the receiver's
 * host, their replies consumed by whichever node, their ends called back.
 */
class CallbacksIT {

    private final Cluster cluster = Cluster.shared();

    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    @Test
    void everyEnd_isCalledBack_whicheverNodeAppliedIt() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", this::receive);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        Node hooks = this.cluster.startExtraNode("node-hooks",
                Map.<String, Object>of("backchannel.callbacks.allowed-hosts", "127.0.0.1",
                        "backchannel.callbacks.secret", "cluster-callbacks-secret-0123456789abcdef",
                        "backchannel.callbacks.backoff", "100ms"));
        try {
            TestClient client = TestClient.register(hooks);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = TestClient.newCorrelationId();
                String body = "{\"correlationId\":\"" + id + "\",\"type\":\"echo\",\"payload\":{\"n\":" + i
                        + "},\"callback\":{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?id="
                        + id + "\"}}";
                HttpResponse<String> answer = TestClient.send(HttpRequest.newBuilder(hooks.http("/api/requests"))
                    .header("Authorization", "Bearer " + client.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
                assertThat(answer.statusCode()).isEqualTo(202);
                ids.add(id);
            }

            await().atMost(Duration.ofSeconds(20))
                .until(() -> ids.stream()
                    .allMatch((id) -> "delivered".equals(callbackState(client, this.cluster.node(0), id))));
            for (String id : ids) {
                JsonNode called = Json.mapper().readTree(this.received.get(id).getFirst());
                assertThat(called.get("correlationId").asString()).isEqualTo(id);
                assertThat(called.get("status").asString()).isEqualTo("SUCCEEDED");
            }
        }
        finally {
            hooks.context().close();
            receiver.stop(0);
        }
    }

    private static String callbackState(TestClient client, Node node, String id) {
        HttpResponse<String> response = client.get(node, id);
        return (response.statusCode() == 200)
                ? Json.mapper().readTree(response.body()).path("callback").path("state").asString() : null;
    }

    private void receive(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String id = query.substring(query.indexOf('=') + 1);
        this.received.computeIfAbsent(id, (k) -> new CopyOnWriteArrayList<>())
            .add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

}

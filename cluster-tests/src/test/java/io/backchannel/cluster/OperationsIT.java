package io.backchannel.cluster;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees: readiness that follows Redis and RabbitMQ, and Prometheus meters
 * that account for a request from intake to its terminal update, on nodes and workers.
 */
class OperationsIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void readiness_ofNodesAndWorkers_coversRedisAndRabbitMq_andLivenessDoesNot() {
        for (Node app : List.of(this.cluster.node(0), this.cluster.worker())) {
            HealthEndpointGroups groups = app.context().getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("redis")).as(app.id()).isTrue();
            assertThat(groups.get("readiness").isMember("rabbit")).as(app.id()).isTrue();
            assertThat(groups.get("liveness").isMember("redis")).as(app.id()).isFalse();
            assertThat(status(app, "/actuator/health/readiness")).as(app.id()).isEqualTo(200);
            assertThat(status(app, "/actuator/health/liveness")).as(app.id()).isEqualTo(200);
        }
        // A web node's actuator is on its management port only, never where the API is.
        Node node = this.cluster.node(0);
        assertThat(TestClient.send(HttpRequest.newBuilder(node.http("/actuator/health")).GET().build()).statusCode())
            .isEqualTo(404);
        assertThat(node.actuator("/").getPort()).isNotEqualTo(node.port());
    }

    @Test
    void prometheus_accountsForARequest_fromIntakeToItsTerminalUpdate() {
        List<Node> apps = List.of(this.cluster.node(0), this.cluster.node(1), this.cluster.node(2),
                this.cluster.worker());
        Scrape before = Scrape.of(apps);
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(this.cluster.node(1), null);
        String id = TestClient.newCorrelationId();

        assertThat(client.submit(a, id, "echo", "{}").statusCode()).isEqualTo(202);
        assertThat(client.submit(a, id, "echo", "{}").statusCode()).isEqualTo(200);
        assertThat(client.submit(a, id, "echo", "{\"other\":1}").statusCode()).isEqualTo(409);
        assertThat(TestClient
            .send(HttpRequest.newBuilder(a.http("/api/requests"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build())
            .statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));

        // The worker counts its job once the terminal update is confirmed, which may be
        // just
        // after the socket has it.
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertAccounted(before, Scrape.of(apps), id, socket));
        socket.drop();
    }

    private static void assertAccounted(Scrape before, Scrape after, String id, TestSocket socket) {
        assertThat(delta(before, after, "backchannel_intake_accepted_total", Map.of("type", "echo"))).isEqualTo(1);
        assertThat(delta(before, after, "backchannel_intake_repeated_total", Map.of())).isEqualTo(1);
        assertThat(delta(before, after, "backchannel_intake_rejected_total", Map.of("reason", "conflict")))
            .isEqualTo(1);
        assertThat(delta(before, after, "backchannel_intake_rejected_total", Map.of("reason", "unauthorized")))
            .isEqualTo(1);
        assertThat(delta(before, after, "backchannel_request_duration_seconds_count",
                Map.of("type", "echo", "status", "succeeded")))
            .isEqualTo(1);
        assertThat(delta(before, after, "backchannel_worker_jobs_total",
                Map.of("type", "echo", "outcome", "succeeded", "application", "backend-worker", "node", "worker-1")))
            .isEqualTo(1);
        // One applied reply for every update the socket saw (an echo job this short sends
        // its
        // terminal update alone).
        assertThat(delta(before, after, "backchannel_replies_total", Map.of("outcome", "applied")))
            .isGreaterThanOrEqualTo(socket.updates(id).size());
        assertThat(after.has("spring_rabbit_listener_seconds_count",
                Map.of("application", "backend-worker", "messaging_destination_name", "bc.jobs.echo")))
            .isTrue();
        assertThat(delta(before, after, "backchannel_updates_delivered_total", Map.of()))
            .isGreaterThanOrEqualTo(socket.updates(id).size());
        assertThat(after.has("backchannel_sockets_open", Map.of("application", "web-node", "node", "node-b"))).isTrue();
        assertThat(after.has("backchannel_request_duration_seconds_bucket", Map.of("type", "echo"))).isTrue();
        assertThat(after.has("backchannel_backplane_latency_seconds_bucket", Map.of())).isTrue();
    }

    private static double delta(Scrape before, Scrape after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static int status(Node app, String path) {
        HttpResponse<String> response = TestClient.send(HttpRequest.newBuilder(app.actuator(path)).GET().build());
        return response.statusCode();
    }

}

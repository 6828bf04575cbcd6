package io.backchannel.cluster;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import io.backchannel.node.record.StoreProbe;
import io.backchannel.testing.LocalRedisCluster;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The core multi-node promises on a Redis Cluster of six redis-server processes (three
 * primaries, three replicas): two web nodes and a worker of their own, sockets on one
 * node, requests to the other, replies pushed over the sharded backplane; then the
 * primary that owns the backplane channel of the sockets' node is killed, a replica takes
 * over, and delivery goes on, once per update; then the killed node comes back as a
 * replica, and still every terminal arrives once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterIT {

    private static final int CLIENTS = 12;

    private static final int REQUESTS_EACH = 5;

    private static LocalRedisCluster redis;

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        redis = LocalRedisCluster.start();
        cluster = Cluster.onRedisCluster(redis, List.of("rc-node-a", "rc-node-b"), "rc-worker");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    @Order(1)
    void backplane_usesShardedPubSub_onTheShardThatOwnsTheChannel() {
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(redis.subscribers("bc:node:rc-node-a")).as("[sharded, plain]")
                .containsExactly(1, 0));
        assertThat(redis.subscribers("bc:node:rc-node-b")).containsExactly(1, 0);
    }

    @Test
    @Order(2)
    void repliesForSocketsOnTheOtherNode_arriveOnce_overTheShardedBackplane_afterAReplicaHasThem() {
        assertDeliveredOnce(batch());
        // Node b took the requests and applied the replies, so it waited for replicas; a
        // WAIT on a busy box may time out now and then, but not most of them.
        MeterRegistry meters = cluster.node(1).context().getBean(MeterRegistry.class);
        double waits = meters.get("backchannel.redis.replica.acks").counter().count();
        assertThat(waits).as("WAITs").isPositive();
        assertThat(meters.get("backchannel.redis.replica.ack.timeouts").counter().count()).as("WAITs that timed out")
            .isLessThan(waits / 2);
    }

    @Test
    @Order(3)
    void clusterView_readsTheNodeRegistry_withoutScanningKeys() {
        Node a = cluster.node(0);
        TestClient client = TestClient.register(a);
        String body = TestClient
            .send(HttpRequest.newBuilder(a.http("/api/cluster"))
                .header("Authorization", "Bearer " + client.token())
                .GET()
                .build())
            .body();
        JsonNode view = Json.mapper().readTree(body);
        List<String> ids = new ArrayList<>();
        view.get("nodes").forEach((n) -> ids.add(n.get("nodeId").asString()));
        assertThat(ids).containsExactly("rc-node-a", "rc-node-b");
        assertThat(view.get("self").asString()).isEqualTo("rc-node-a");
    }

    @Test
    @Order(4)
    void primaryOfTheBackplaneChannel_killed_replicaTakesOver_andDeliveryGoesOn() {
        int killed = redis.killPrimaryOf("bc:node:rc-node-a", Duration.ofSeconds(30));
        // One shard lost is not Redis away: the nodes' probes get answers from the
        // others,
        // and their intake takes requests.
        await().during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(5))
            .until(() -> !cluster.node(1).context().getBean(StoreProbe.class).away());
        // The node's probe finds its subscription gone and subscribes again, on the new
        // primary.
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(redis.subscribers("bc:node:rc-node-a")[0]).isEqualTo(1));
        assertDeliveredOnce(batch());

        redis.restart(killed);
        assertDeliveredOnce(batch());
    }

    /** Sockets on node a, requests to node b, which alone consumes replies. */
    private static List<Submitted> batch() {
        Node a = cluster.node(0);
        Node b = cluster.node(1);
        a.consumeReplies(false);
        List<Submitted> submitted = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                TestClient client = TestClient.register(a);
                TestSocket socket = client.connect(a, null);
                for (int r = 0; r < REQUESTS_EACH; r++) {
                    String id = TestClient.newCorrelationId();
                    String payload = "{\"n\":" + r + "}";
                    // Right after a failover node b may not know the slot's new primary
                    // yet
                    // and answers 503 (an outage); a client sends again with the same id.
                    await().atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> accepted(client.submit(b, id, "echo", payload).statusCode()));
                    submitted.add(new Submitted(client, socket, id));
                }
            }
            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(submitted).allSatisfy(
                        (s) -> assertThat(s.socket().updates(s.id())).anyMatch((u) -> u.status().isTerminal())));
        }
        finally {
            a.consumeReplies(true);
        }
        return submitted;
    }

    /** 202 accepted, 503 an outage to retry; anything else fails the test at once. */
    private static boolean accepted(int status) {
        assertThat(status).as("intake answer").isIn(202, 503);
        return status == 202;
    }

    private static void assertDeliveredOnce(List<Submitted> submitted) {
        List<Via> vias = new ArrayList<>();
        for (Submitted s : submitted) {
            List<UpdateFrame> updates = s.socket().updates(s.id());
            assertThat(updates).filteredOn((u) -> u.status().isTerminal()).hasSize(1);
            assertThat(updates).extracting(UpdateFrame::seq).isSorted().doesNotHaveDuplicates();
            assertThat(updates).last().extracting(UpdateFrame::status).isEqualTo(RequestStatus.SUCCEEDED);
            updates.forEach((u) -> vias.add(u.route().via()));
            assertThat(s.client().record(cluster.node(0), s.id()).status()).isEqualTo(RequestStatus.SUCCEEDED);
        }
        assertThat(vias).as("how the updates reached the sockets").contains(Via.BACKPLANE);
    }

    private record Submitted(TestClient client, TestSocket socket, String id) {

    }

}

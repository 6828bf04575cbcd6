package io.backchannel.node.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi;
import io.backchannel.node.LiveNode;
import io.backchannel.node.WsClient;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.cluster.NodeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence entries live long and are written again rarely; whether their node is alive is
 * the node registry's word (design note 37). The socket limit (2 here) counts the entries
 * of live nodes, and of nodes that just started and are not in the registry yet, but
 * neither those of a node whose heartbeat stopped nor those an earlier process with a
 * live node's id left; and an entry Redis lost is written again at once once the node
 * sees that Redis lost its data.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=presence-it", "backchannel.intake.job-types=presence-probe",
                "backchannel.ws.max-sockets-per-client=2", "backchannel.node.heartbeat-interval=200ms",
                "backchannel.node.heartbeat-ttl=1s", "backchannel.node.presence-refresh=10m" })
class PresenceLeaseIT extends LiveNode {

    private static final String DEAD = "presence-it-dead";

    private static final String RESTARTED = "presence-it-restarted";

    private static final String UNKNOWN = "presence-it-unknown";

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private NodeRegistry registry;

    @Autowired
    private PresenceRegistry presence;

    @Autowired
    private NodeIdentity node;

    private final Instant restartedAt = Instant.now().minusSeconds(30);

    private final Instant earlierRun = this.restartedAt.minusSeconds(3600);

    @Override
    protected List<String> testTypes() {
        return List.of("presence-probe");
    }

    @AfterEach
    void forgetTheOtherNodes() {
        this.redis.opsForHash().delete(RedisKeys.nodes(), DEAD, RESTARTED);
    }

    @Test
    void entriesOfADeadNode_andOfAnEarlierProcess_doNotCount_andAreDropped() {
        // A node that died a minute ago, and one that restarted 30 s ago and beats still.
        heartbeat(DEAD, this.earlierRun, Instant.now().minusSeconds(60));
        heartbeat(RESTARTED, this.restartedAt, Instant.now());
        awaitKnown(DEAD, RESTARTED);
        HttpApi.Session session = this.api.session();
        String key = RedisKeys.presence(ClientId.of(session.clientId()));
        long farOff = Instant.now().plus(Duration.ofMinutes(10)).toEpochMilli();
        String deadEntry = DEAD + "|" + this.earlierRun.toEpochMilli() + ".a";
        String earlierEntry = RESTARTED + "|" + this.earlierRun.toEpochMilli() + ".b";
        this.redis.opsForHash().putAll(key, Map.of(deadEntry, "" + farOff, earlierEntry, "" + farOff));

        WsClient socket = WsClient.hello(this.port, session.token());

        assertThat(socket.welcome()).as("closed with %s, errors %s", socket.closeCode(), socket.errorCodes())
            .isNotNull();
        assertThat(this.redis.<String, String>opsForHash().keys(key)).doesNotContain(deadEntry, earlierEntry)
            .hasSize(1)
            .allMatch((field) -> field.startsWith("presence-it|" + this.node.incarnation() + "."));
        socket.close();
    }

    @Test
    void entriesOfALiveNode_andOfANodeNotKnownYet_count() {
        heartbeat(RESTARTED, this.restartedAt, Instant.now());
        awaitKnown(RESTARTED);
        HttpApi.Session session = this.api.session();
        String key = RedisKeys.presence(ClientId.of(session.clientId()));
        long farOff = Instant.now().plus(Duration.ofMinutes(10)).toEpochMilli();
        this.redis.opsForHash()
            .putAll(key, Map.of(RESTARTED + "|" + this.restartedAt.toEpochMilli() + ".c", "" + farOff,
                    UNKNOWN + "|" + Instant.now().toEpochMilli() + ".d", "" + farOff));

        WsClient socket = WsClient.hello(this.port, session.token());

        assertThat(socket.welcome()).isNull();
        assertThat(socket.closeCode()).isEqualTo(1013);
        assertThat(socket.errorCodes()).containsExactly("too_many_sockets");
        assertThat(this.redis.<String, String>opsForHash().keys(key)).hasSize(2);
    }

    @Test
    void aRedisThatLostTheNodesData_getsEveryEntryAgain_withoutWaitingForTheRefresh() {
        HttpApi.Session session = this.api.session();
        String key = RedisKeys.presence(ClientId.of(session.clientId()));
        WsClient socket = WsClient.hello(this.port, session.token());
        assertThat(socket.welcome()).isNotNull();
        assertThat(this.redis.hasKey(key)).isTrue();

        // What a Redis restarted without its data looks like to this node.
        this.redis.delete(key);
        this.redis.opsForHash().delete(RedisKeys.nodes(), "presence-it");

        await().atMost(Duration.ofSeconds(5))
            .until(() -> this.redis.<String, String>opsForHash().keys(key).size() == 1);
        assertThat(this.redis.getExpire(key)).isPositive();
        socket.close();
    }

    @Test
    void heldElsewhere_namesTheClientsWithALiveEntryOfAnotherNode() {
        ClientId elsewhere = ClientId.random();
        ClientId onlyHere = ClientId.random();
        ClientId lapsed = ClientId.random();
        ClientId nowhere = ClientId.random();
        long farOff = Instant.now().plus(Duration.ofMinutes(10)).toEpochMilli();
        long past = Instant.now().minusSeconds(1).toEpochMilli();
        this.redis.opsForHash()
            .putAll(RedisKeys.presence(elsewhere),
                    Map.of(RESTARTED + "|1.a", "" + farOff, "presence-it|1.b", "" + farOff));
        this.redis.opsForHash().put(RedisKeys.presence(onlyHere), "presence-it|1.c", "" + farOff);
        this.redis.opsForHash().put(RedisKeys.presence(lapsed), RESTARTED + "|1.d", "" + past);

        assertThat(this.presence.heldElsewhere(List.of(elsewhere, onlyHere, lapsed, nowhere)))
            .containsExactly(elsewhere);
        this.redis
            .delete(List.of(RedisKeys.presence(elsewhere), RedisKeys.presence(onlyHere), RedisKeys.presence(lapsed)));
    }

    private void heartbeat(String nodeId, Instant startedAt, Instant at) {
        this.redis.opsForHash()
            .put(RedisKeys.nodes(), nodeId,
                    Json.mapper()
                        .writeValueAsString(Map.of("nodeId", nodeId, "sockets", 0, "startedAt", startedAt.toString(),
                                "at", at.toString())));
    }

    /** Until this node's registry has read the heartbeats written. */
    private void awaitKnown(String... nodeIds) {
        await().atMost(Duration.ofSeconds(5))
            .until(() -> this.registry.presenceCutoffs().containsAll(List.of(nodeIds)));
    }

}

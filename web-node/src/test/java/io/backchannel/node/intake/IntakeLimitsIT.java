package io.backchannel.node.intake;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RecordField;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import io.backchannel.node.limits.ClientRateLimiter;
import io.backchannel.node.record.ApplyOutcome;
import io.backchannel.node.record.RequestRecords;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionBlockedEvent;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionUnblockedEvent;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.core.StringRedisTemplate;

import static io.backchannel.node.HttpApi.assertProblem;
import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The intake's limits, over real HTTP, Redis and RabbitMQ: unfinished requests per
 * client, request rate per client, and backpressure from the broker (a deep queue, or
 * publishers blocked). Each test has job types of its own whose queues no worker
 * consumes, and fresh clients.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=limits-it",
                "backchannel.intake.job-types=limits-a,limits-b,limits-c,limits-d,limits-e",
                "backchannel.intake.max-in-flight-per-client=2", "backchannel.intake.rate-limit.requests-per-second=5",
                "backchannel.intake.rate-limit.burst=10", "backchannel.intake.backpressure.max-queue-depth=3",
                "backchannel.intake.backpressure.depth-check-interval=0ms" })
class IntakeLimitsIT extends LiveNode {

    private static final Logger logger = LoggerFactory.getLogger(IntakeLimitsIT.class);

    private static final List<String> TYPES = List.of("limits-a", "limits-b", "limits-c", "limits-d", "limits-e");

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    ConnectionFactory connections;

    @Autowired
    ClientRateLimiter rateLimiter;

    @Autowired
    RequestRecords records;

    @Override
    protected List<String> testTypes() {
        return TYPES;
    }

    // --- unfinished requests per client

    @Test
    void inFlight_overTheLimit_is429WithRetryAfter_andWritesNothing() {
        Session client = this.api.session();
        accept(client, newId(), "limits-a");
        accept(client, newId(), "limits-a");
        String third = newId();

        HttpResponse<String> refused = this.api.submit(client, body(third, "limits-a", "{}"));

        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(this.redis.hasKey(record(client, third))).isFalse();
        assertThat(this.api.submit(this.api.session(), body(newId(), "limits-a", "{}")).statusCode())
            .as("other clients have their own limit")
            .isEqualTo(202);
    }

    @Test
    void inFlight_aRetryOfAnAcceptedRequest_isStillAnswered200_atTheLimit() {
        Session client = this.api.session();
        String first = newId();
        accept(client, first, "limits-a");
        accept(client, newId(), "limits-a");
        assertThat(this.api.submit(client, body(first, "limits-a", "{}")).statusCode()).isEqualTo(200);
    }

    @Test
    void inFlight_theTerminalUpdate_freesTheSlot() {
        Session client = this.api.session();
        String first = newId();
        accept(client, first, "limits-b");
        accept(client, newId(), "limits-b");
        assertProblem(this.api.submit(client, body(newId(), "limits-b", "{}")), 429, "rate-limited");

        // What the reply consumer does with a worker's last update (called here rather
        // than published: other nodes on the same broker may consume the shared queue).
        JobUpdate done = new JobUpdate(1, 1, RequestStatus.SUCCEEDED, 100, null, Json.mapper().createObjectNode(), null,
                "limits-it-worker", Instant.now());
        assertThat(this.records
            .apply(ClientId.of(client.clientId()), CorrelationId.of(first), done, "{}", System.currentTimeMillis())
            .kind()).isEqualTo(ApplyOutcome.Kind.APPLIED);
        assertThat(this.redis.opsForHash().get(record(client, first), RecordField.STATUS)).isEqualTo("SUCCEEDED");

        assertThat(this.api.submit(client, body(newId(), "limits-b", "{}")).statusCode()).isEqualTo(202);
    }

    @Test
    void inFlight_theSetExpires_andForgetsRequestsWhoseRecordExpired() {
        Session client = this.api.session();
        String key = RedisKeys.inflight(ClientId.of(client.clientId()));
        accept(client, newId(), "limits-b");
        // As the record: its timeout (the default here) plus the retention.
        assertThat(this.redis.getExpire(key)).isPositive()
            .isLessThanOrEqualTo(JobTypeSettings.DEFAULT_TIMEOUT.plus(Duration.ofHours(24)).plusSeconds(1).toSeconds());
        // A request whose record expired without ever finishing, as the set would hold
        // it.
        this.redis.opsForZSet().add(key, newId(), 1);

        assertThat(this.api.submit(client, body(newId(), "limits-b", "{}")).statusCode()).isEqualTo(202);
        assertThat(this.redis.opsForZSet().zCard(key)).isEqualTo(2);
    }

    @Test
    void inFlight_aRequestTheBrokerRefused_keepsNoSlot_andItsRetryCountsAgain() {
        this.admin.deleteQueue(Topology.jobQueue(JobType.of("limits-c")));
        Session client = this.api.session();
        String id = newId();
        assertProblem(this.api.submit(client, body(id, "limits-c", "{}")), 503, "unavailable");
        assertThat(this.redis.opsForZSet().zCard(RedisKeys.inflight(ClientId.of(client.clientId())))).isZero();

        this.admin.initialize();
        assertThat(this.api.submit(client, body(id, "limits-c", "{}")).statusCode()).isEqualTo(202);
        assertThat(this.redis.opsForZSet().score(RedisKeys.inflight(ClientId.of(client.clientId())), id)).isNotNull();
    }

    // --- request rate per client

    @Test
    void rate_overTheBurst_is429WithRetryAfter_thenRecovers() {
        Session client = this.api.session();
        // Refused requests count too: the rate is checked before the body is read.
        for (int i = 0; i < 10; i++) {
            assertThat(this.api.submit(client, body(newId(), "no-such-type", "{}")).statusCode()).isEqualTo(422);
        }
        HttpResponse<String> limited = this.api.submit(client, body(newId(), "limits-a", "{}"));
        assertProblem(limited, 429, "rate-limited");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(this.api.submit(this.api.session(), body(newId(), "no-such-type", "{}")).statusCode())
            .as("another client has its own budget")
            .isEqualTo(422);
        assertThat(this.api.get(client, newId()).statusCode()).as("reads are not limited").isEqualTo(404);

        await().atMost(Duration.ofSeconds(3))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> this.api.submit(client, body(newId(), "no-such-type", "{}")).statusCode() == 422);
    }

    @Test
    void rate_costsAboutOneRedisRoundTrip() {
        ClientId client = ClientId.random();
        int calls = 2000;
        for (int i = 0; i < 200; i++) {
            this.rateLimiter.acquire(client);
            this.redis.hasKey("bc:limits-it:warm-up");
        }
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            this.redis.hasKey("bc:limits-it:warm-up");
        }
        double roundTrip = (System.nanoTime() - started) / 1000.0 / calls;
        started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            this.rateLimiter.acquire(client);
        }
        double check = (System.nanoTime() - started) / 1000.0 / calls;
        logger.info("Rate limit check: {} us per call; a plain EXISTS round trip: {} us (means over {} calls)",
                Math.round(check), Math.round(roundTrip), calls);
        // Loose on purpose: a shared build machine's timings jitter; the log line is the
        // measurement.
        assertThat(check).isLessThan(Math.max(5 * roundTrip, 1000));
    }

    // --- backpressure

    @Test
    void backpressure_aQueueDeeperThanTheLimit_is503WithRetryAfter_withoutARecord_andRetriesCompleteOnceItDrains() {
        Session first = this.api.session();
        String firstId = newId();
        accept(first, firstId, "limits-d");
        for (int i = 0; i < 3; i++) {
            accept(this.api.session(), newId(), "limits-d");
        }
        await().atMost(Duration.ofSeconds(5))
            .until(() -> this.admin.getQueueInfo(Topology.jobQueue(JobType.of("limits-d"))).getMessageCount() == 4);
        Session late = this.api.session();
        String lateId = newId();

        HttpResponse<String> refused = this.api.submit(late, body(lateId, "limits-d", "{}"));

        assertProblem(refused, 503, "unavailable");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(this.redis.hasKey(record(late, lateId))).isFalse();
        assertThat(this.api.submit(first, body(firstId, "limits-d", "{}")).statusCode())
            .as("a retry of an accepted request")
            .isEqualTo(200);

        this.admin.purgeQueue(Topology.jobQueue(JobType.of("limits-d")), false);
        assertThat(this.api.submit(late, body(lateId, "limits-d", "{}")).statusCode()).isEqualTo(202);
    }

    @Test
    void backpressure_whileTheBrokerBlocksPublishers_is503_untilItUnblocks() {
        Session client = this.api.session();
        String accepted = newId();
        accept(client, accepted, "limits-e");
        Connection connection = this.connections.createConnection();
        this.events.publishEvent(new ConnectionBlockedEvent(connection, "low on memory"));
        String id = newId();
        try {
            long started = System.nanoTime();
            assertProblem(this.api.submit(client, body(id, "limits-e", "{}")), 503, "unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered without waiting for the broker")
                .isLessThan(Duration.ofSeconds(2));
            assertThat(this.redis.hasKey(record(client, id))).isFalse();
            assertThat(this.api.submit(client, body(accepted, "limits-e", "{}")).statusCode()).isEqualTo(200);
        }
        finally {
            this.events.publishEvent(new ConnectionUnblockedEvent(connection));
        }
        assertThat(this.api.submit(client, body(id, "limits-e", "{}")).statusCode()).isEqualTo(202);
    }

    // --- helpers

    private void accept(Session client, String id, String type) {
        HttpResponse<String> response = this.api.submit(client, body(id, type, "{}"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static String record(Session client, String id) {
        return RedisKeys.record(ClientId.of(client.clientId()), CorrelationId.of(id));
    }

}

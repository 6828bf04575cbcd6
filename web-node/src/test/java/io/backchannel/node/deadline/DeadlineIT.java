package io.backchannel.node.deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import io.backchannel.node.WsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;

import static io.backchannel.node.HttpApi.assertProblem;
import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static io.backchannel.node.HttpApi.timedBody;
import static io.backchannel.node.RequestEnds.updates;
import static io.backchannel.node.RequestEnds.workerSends;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines over real HTTP, Redis and RabbitMQ: jobs of {@code ends-probe} and
 * {@code ends-default} wait in queues no worker consumes, so only the deadline ends them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=ends-it", "backchannel.intake.job-types=ends-probe,ends-default",
                "backchannel.jobs.ends-default.timeout=400ms", "backchannel.records.retention=1h" })
class DeadlineIT extends LiveNode {

    private static final String PROBE = "ends-probe";

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    StringRedisTemplate redis;

    @Override
    protected List<String> testTypes() {
        return List.of(PROBE, "ends-default");
    }

    @Test
    void aRequestWithNoAnswerByItsDeadline_endsFailedDeadlineExceeded_once_onTheSocketAndInTheRecord() {
        Session client = this.api.session();
        WsClient socket = WsClient.hello(this.port, client.token());
        String id = newId();

        JsonNode accepted = json(this.api.submit(client, body(id, PROBE, 600)));

        Instant createdAt = Instant.parse(accepted.get("createdAt").asString());
        assertThat(Instant.parse(accepted.get("deadline").asString())).isEqualTo(createdAt.plusMillis(600));
        WsClient.until(() -> !updates(socket, id).isEmpty());
        JsonNode update = updates(socket, id).get(0);
        assertThat(update.get("status").asString()).isEqualTo("FAILED");
        assertThat(update.get("error").get("code").asString()).isEqualTo("deadline_exceeded");
        JsonNode record = json(this.api.get(client, id));
        assertThat(record.get("status").asString()).isEqualTo("FAILED");
        assertThat(record.get("error").get("code").asString()).isEqualTo("deadline_exceeded");
        assertThat(Instant.parse(record.get("updatedAt").asString())).isAfterOrEqualTo(createdAt.plusMillis(600));
        assertThat(member(client, id)).as("out of the deadline index").isNull();
        // Kept for the retention from its end, not from its acceptance.
        long ttl = this.redis.getExpire(RedisKeys.record(ClientId.of(client.clientId()), CorrelationId.of(id)));
        assertThat(ttl).isBetween(3500L, 3600L);
        assertThat(updates(socket, id)).hasSize(1);
        socket.close();
    }

    @Test
    void aWorkersLateAnswer_changesNothing() {
        Session client = this.api.session();
        WsClient socket = WsClient.hello(this.port, client.token());
        String id = newId();
        this.api.submit(client, body(id, PROBE, 200));
        WsClient.until(() -> !updates(socket, id).isEmpty());
        long seq = json(this.api.get(client, id)).get("seq").asLong();

        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);

        // The reply queue drained: the late answer was read and dropped.
        await().until(() -> this.admin.getQueueInfo(Topology.REPLIES_QUEUE).getMessageCount() == 0);
        JsonNode record = json(this.api.get(client, id));
        assertThat(record.get("status").asString()).isEqualTo("FAILED");
        assertThat(record.get("seq").asLong()).isEqualTo(seq);
        assertThat(updates(socket, id)).hasSize(1);
        socket.close();
    }

    @Test
    void anAnswerBeforeTheDeadline_leavesNothingToEnd() {
        Session client = this.api.session();
        WsClient socket = WsClient.hello(this.port, client.token());
        String id = newId();
        this.api.submit(client, body(id, PROBE, 1500));

        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);

        WsClient.until(() -> !updates(socket, id).isEmpty());
        assertThat(updates(socket, id).get(0).get("status").asString()).isEqualTo("SUCCEEDED");
        // Taken out of the index soon after the end, so no node has anything to do at the
        // deadline.
        await().until(() -> member(client, id) == null);
        assertThat(json(this.api.get(client, id)).get("status").asString()).isEqualTo("SUCCEEDED");
        socket.close();
    }

    @Test
    void aRequestWithoutTimeout_takesItsTypesDefault_andTheJobCarriesTheDeadline() {
        Session client = this.api.session();
        String id = newId();

        JsonNode accepted = json(this.api.submit(client, timedBody(id, "ends-default", null)));

        Instant deadline = Instant.parse(accepted.get("deadline").asString());
        assertThat(deadline).isEqualTo(Instant.parse(accepted.get("createdAt").asString()).plusMillis(400));
        Message job = this.rabbit.receive(Topology.jobQueue(JobType.of("ends-default")), 5000);
        assertThat(job).isNotNull();
        assertThat(Json.mapper().readValue(job.getBody(), JobMessage.class).deadline()).isEqualTo(deadline);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> "FAILED".equals(json(this.api.get(client, id)).get("status").asString()));
    }

    @Test
    void aRetryKeepsTheFirstDeadline() {
        Session client = this.api.session();
        String id = newId();
        JsonNode first = json(this.api.submit(client, body(id, PROBE, 60_000)));

        JsonNode again = json(this.api.submit(client, body(id, PROBE, 5_000)));

        assertThat(again.get("deadline").asString()).isEqualTo(first.get("deadline").asString());
    }

    @Test
    void aTimeoutOutsideOneMillisecondTo24Hours_is400() {
        Session client = this.api.session();
        for (String timeout : List.of("0", "-5", "86400001", "\"soon\"", "1.5e20")) {
            String body = "{\"correlationId\":\"" + newId() + "\",\"type\":\"" + PROBE + "\",\"timeoutMillis\":"
                    + timeout + "}";
            assertProblem(this.api.submit(client, body), 400, "bad-request");
        }
        assertThat(this.api.submit(client, body(newId(), PROBE, 86_400_000)).statusCode()).isEqualTo(202);
    }

    private Double member(Session client, String id) {
        return this.redis.opsForZSet()
            .score(RedisKeys.deadlines(),
                    RedisKeys.deadlineMember(ClientId.of(client.clientId()), CorrelationId.of(id)));
    }

    private static String body(String id, String type, long timeoutMillis) {
        return timedBody(id, type, timeoutMillis);
    }

}

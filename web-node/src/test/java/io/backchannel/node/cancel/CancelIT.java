package io.backchannel.node.cancel;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import io.backchannel.node.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
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
 * {@code DELETE /api/requests/{id}} over real HTTP, Redis and RabbitMQ. The jobs wait in
 * a queue no worker consumes; the test listens on {@code bc.cancels} as a worker would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=ends-it", "backchannel.intake.job-types=ends-probe,ends-default",
                "backchannel.jobs.ends-default.timeout=400ms", "backchannel.records.retention=1h" })
class CancelIT extends LiveNode {

    private static final String PROBE = "ends-probe";

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    StringRedisTemplate redis;

    private Queue notices;

    @Override
    protected List<String> testTypes() {
        return List.of(PROBE, "ends-default");
    }

    @BeforeEach
    void listenForNotices() {
        // Neither exclusive nor auto-deleted (each receive is a consumer of its own):
        // deleted
        // after the test.
        this.notices = new Queue("cancel-it-" + UUID.randomUUID(), false, false, false);
        this.admin.declareQueue(this.notices);
        this.admin.declareBinding(BindingBuilder.bind(this.notices).to(new FanoutExchange(Topology.CANCELS_EXCHANGE)));
    }

    @AfterEach
    void stopListening() {
        this.admin.deleteQueue(this.notices.getName());
    }

    @Test
    void cancellingAQueuedRequest_is202_endsItCancelledOnce_andTellsTheWorkers() {
        Session client = this.api.session();
        WsClient socket = WsClient.hello(this.port, client.token());
        String id = newId();
        this.api.submit(client, timedBody(id, PROBE, null));

        HttpResponse<String> response = delete(client, id);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode record = json(response);
        assertThat(record.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(record.get("correlationId").asString()).isEqualTo(id);
        WsClient.until(() -> !updates(socket, id).isEmpty());
        assertThat(updates(socket, id).get(0).get("status").asString()).isEqualTo("CANCELLED");
        Message notice = this.rabbit.receive(this.notices.getName(), 5000);
        assertThat(notice).isNotNull();
        assertThat(notice.getMessageProperties().getCorrelationId()).isEqualTo(id);
        assertThat(notice.getMessageProperties().<Object>getHeader(Headers.CLIENT_ID)).hasToString(client.clientId());
        ClientId owner = ClientId.of(client.clientId());
        assertThat(this.redis.opsForZSet().score(RedisKeys.inflight(owner), id)).as("no longer in flight").isNull();
        await().until(() -> this.redis.opsForZSet()
            .score(RedisKeys.deadlines(), RedisKeys.deadlineMember(owner, CorrelationId.of(id))) == null);
        socket.close();
    }

    @Test
    void cancellingAgain_is200_andChangesNothing() {
        Session client = this.api.session();
        String id = newId();
        this.api.submit(client, timedBody(id, PROBE, null));
        JsonNode first = json(delete(client, id));

        HttpResponse<String> again = delete(client, id);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("seq").asLong()).isEqualTo(first.get("seq").asLong());
        assertThat(json(again).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(this.rabbit.receive(this.notices.getName(), 5000)).isNotNull();
        assertThat(this.rabbit.receive(this.notices.getName(), 300)).as("one notice").isNull();
    }

    @Test
    void cancellingAnEndedRequest_is200_withItsRecordAsItWas() {
        Session client = this.api.session();
        WsClient socket = WsClient.hello(this.port, client.token());
        String id = newId();
        this.api.submit(client, timedBody(id, PROBE, null));
        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);
        WsClient.until(() -> !updates(socket, id).isEmpty());

        HttpResponse<String> response = delete(client, id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(updates(socket, id)).hasSize(1);
        socket.close();
    }

    @Test
    void theWorkersAnswerAfterACancel_changesNothing() {
        Session client = this.api.session();
        String id = newId();
        this.api.submit(client, timedBody(id, PROBE, null));
        long seq = json(delete(client, id)).get("seq").asLong();

        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);

        await().until(() -> this.admin.getQueueInfo(Topology.REPLIES_QUEUE).getMessageCount() == 0);
        JsonNode record = json(this.api.get(client, id));
        assertThat(record.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(record.get("seq").asLong()).isEqualTo(seq);
    }

    @Test
    void aCancelledRequestsDeadline_changesNothing() {
        Session client = this.api.session();
        String id = newId();
        this.api.submit(client, timedBody(id, PROBE, 300L));

        assertThat(delete(client, id).statusCode()).isEqualTo(202);

        ClientId owner = ClientId.of(client.clientId());
        await().until(() -> this.redis.opsForZSet()
            .score(RedisKeys.deadlines(), RedisKeys.deadlineMember(owner, CorrelationId.of(id))) == null);
        assertThat(json(this.api.get(client, id)).get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void anotherClientsRequest_anUnknownId_andAMalformedOne_are404() {
        Session owner = this.api.session();
        String id = newId();
        this.api.submit(owner, timedBody(id, PROBE, null));

        assertProblem(delete(this.api.session(), id), 404, "not-found");
        assertProblem(delete(owner, newId()), 404, "not-found");
        assertProblem(delete(owner, "not-an-id"), 404, "not-found");
        assertThat(json(this.api.get(owner, id)).get("status").asString()).isEqualTo("QUEUED");
    }

    @Test
    void withoutAToken_is401() {
        assertProblem(this.api.send(this.api.request("/api/requests/" + newId()).DELETE()), 401, "unauthorized");
    }

    private HttpResponse<String> delete(Session client, String id) {
        return this.api
            .send(this.api.request("/api/requests/" + id).header("Authorization", "Bearer " + client.token()).DELETE());
    }

}

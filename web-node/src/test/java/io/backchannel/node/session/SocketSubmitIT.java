package io.backchannel.node.session;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.node.HttpApi;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import io.backchannel.node.WsClient;
import io.backchannel.node.intake.IntakeGate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.annotation.DirtiesContext;

import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Submitting over the socket (design note 20), over a real WebSocket, Redis and RabbitMQ:
 * the same request, answers and limits as {@code POST /api/requests}. Jobs go to types
 * only this test configures, whose queues no worker consumes; where a job has to finish,
 * the test plays the worker and publishes its update to the shared reply queue.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=socket-submit-it", "backchannel.intake.job-types=socket-probe,socket-gone",
                "backchannel.intake.rate-limit.requests-per-second=1", "backchannel.intake.rate-limit.burst=10",
                "backchannel.ws.max-submits-in-flight=4" })
class SocketSubmitIT extends LiveNode {

    private static final String PROBE = "socket-probe";

    private static final String PROBE_QUEUE = Topology.jobQueue(JobType.of(PROBE));

    private static final String GONE_QUEUE = Topology.jobQueue(JobType.of("socket-gone"));

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    IntakeGate gate;

    @Override
    protected List<String> testTypes() {
        return List.of(PROBE, "socket-gone");
    }

    @Test
    void submit_isAccepted202_andTheUpdateOfItsJobArrivesOnTheSameSocket() {
        Session client = this.api.session();
        WsClient socket = welcomed(client);
        assertThat(socket.welcome().get("maxSubmitsInFlight").asInt()).isEqualTo(4);
        String id = newId();

        socket.send(submit(id, PROBE, "{\"n\":1}"));

        JsonNode accepted = answer(socket, id);
        assertThat(accepted.get("type").asString()).isEqualTo("accepted");
        assertThat(accepted.get("status").asInt()).isEqualTo(202);
        JsonNode record = accepted.get("request");
        assertThat(record.get("correlationId").asString()).isEqualTo(id);
        assertThat(record.get("type").asString()).isEqualTo(PROBE);
        assertThat(record.get("status").asString()).isEqualTo("QUEUED");
        assertThat(record.get("acceptedBy").asString()).isEqualTo("socket-submit-it");
        assertThat(record.get("createdAt").asString()).isNotBlank();
        assertThat(accepted.has("eventId")).as("an answer is no update").isFalse();

        Message job = this.rabbit.receive(PROBE_QUEUE, 5000);
        assertThat(job).isNotNull();
        assertThat(job.getMessageProperties().getCorrelationId()).isEqualTo(id);
        assertThat(job.getMessageProperties().<Object>getHeader(Headers.CLIENT_ID)).hasToString(client.clientId());
        finish(client, id, job);

        WsClient.until(() -> !updates(socket, id).isEmpty());
        JsonNode update = updates(socket, id).get(0);
        assertThat(update.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(update.get("eventId").asString()).isNotBlank();
        assertThat(update.get("route").get("acceptedBy").asString()).isEqualTo("socket-submit-it");
        assertThat(socket.closeCode()).isNull();
        socket.close();
    }

    @Test
    void theSameSubmitAgain_is200WithTheSameRecord_andPublishesNoSecondJob() {
        WsClient socket = welcomed(this.api.session());
        String id = newId();
        socket.send(submit(id, PROBE, "{\"a\":1,\"b\":2}"));
        JsonNode first = answer(socket, id);
        assertThat(first.get("status").asInt()).isEqualTo(202);

        socket.send(submit(id, PROBE, "{\"b\":2,\"a\":1}"));
        WsClient.until(() -> answers(socket, id).size() == 2);

        JsonNode second = answers(socket, id).get(1);
        assertThat(second.get("type").asString()).isEqualTo("accepted");
        assertThat(second.get("status").asInt()).isEqualTo(200);
        assertThat(second.get("request").get("createdAt")).isEqualTo(first.get("request").get("createdAt"));
        assertThat(jobsQueued(PROBE_QUEUE)).isEqualTo(1);
        socket.close();
    }

    @Test
    void reuseOfTheIdWithAnotherPayload_isAConflict_andTheSocketStaysOpen() {
        WsClient socket = welcomed(this.api.session());
        String id = newId();
        socket.send(submit(id, PROBE, "{\"n\":1}"));
        assertThat(answer(socket, id).get("status").asInt()).isEqualTo(202);

        socket.send(submit(id, PROBE, "{\"n\":2}"));
        WsClient.until(() -> answers(socket, id).size() == 2);

        assertRefused(answers(socket, id).get(1), id, "conflict", 409);
        assertStillServes(socket);
    }

    @Test
    void submitBeforeTheHello_isRefusedLikeAnyOtherFrame_andClosesWith1008() {
        WsClient socket = WsClient.open(this.port);
        socket.send(submit(newId(), PROBE, "{}"));
        socket.awaitClose();
        assertThat(socket.errorCodes()).containsExactly("hello_required");
        assertThat(socket.closeCode()).isEqualTo(1008);
        assertThat(socket.frames("accepted")).isEmpty();
    }

    @Test
    void badFields_getBadRequestNamingTheSubmit_andTheSocketStaysOpen() {
        WsClient socket = welcomed(this.api.session());
        String notAUuid = "not-a-uuid";
        String objectType = newId();
        String badType = newId();
        String textPayload = newId();
        socket.send("{\"type\":\"submit\",\"jobType\":\"socket-probe\"}");
        socket.send(submit(notAUuid, PROBE, "{}"));
        socket.send("{\"type\":\"submit\",\"correlationId\":\"" + objectType + "\",\"jobType\":{\"x\":1}}");
        socket.send(submit(badType, "Socket Probe", "{}"));
        socket.send(submit(textPayload, PROBE, "\"text\""));
        await().untilAsserted(() -> assertThat(socket.frames("error")).as(socket.frames().toString()).hasSize(5));

        for (JsonNode error : socket.frames("error")) {
            assertThat(error.get("code").asString()).isEqualTo("bad_request");
            assertThat(error.get("problem").asString()).isEqualTo("urn:backchannel:problem:bad-request");
            assertThat(error.get("status").asInt()).isEqualTo(400);
            assertThat(error.has("retryAfter")).isFalse();
            HttpApi.assertNoLeak(error.toString());
        }
        assertThat(answer(socket, notAUuid).get("message").asString()).contains("correlationId");
        assertThat(answer(socket, objectType).get("message").asString())
            .isEqualTo("Field 'jobType' has the wrong form.");
        assertThat(answer(socket, badType).get("code").asString()).isEqualTo("bad_request");
        assertThat(answer(socket, textPayload).get("message").asString()).contains("payload");
        assertThat(socket.frames("error").stream().filter((e) -> !e.has("correlationId")).count())
            .as("the submit without an id")
            .isEqualTo(1);
        assertStillServes(socket);
    }

    @Test
    void aCallbackToAHostNotListed_isCallbackRefused_asOverHttp() {
        WsClient socket = welcomed(this.api.session());
        String id = newId();
        socket.send("{\"type\":\"submit\",\"correlationId\":\"" + id + "\",\"jobType\":\"" + PROBE
                + "\",\"callback\":{\"url\":\"https://hooks.example.com/x\"}}");
        assertRefused(answer(socket, id), id, "callback_refused", 422);
        assertStillServes(socket);
    }

    @Test
    void anUnknownJobType_isUnknownType() {
        WsClient socket = welcomed(this.api.session());
        String id = newId();
        socket.send(submit(id, "no-such-type", "{}"));
        assertRefused(answer(socket, id), id, "unknown_type", 422);
        assertStillServes(socket);
    }

    @Test
    void overTheClientsRate_isRateLimited_withRetryAfter_sharingTheBudgetWithHttp() {
        Session client = this.api.session();
        WsClient socket = welcomed(client);
        // The burst is 10 and the rate 1/s; refused submits count too, as over HTTP.
        for (int i = 0; i < 9; i++) {
            String id = newId();
            socket.send(submit(id, "no-such-type", "{}"));
            assertThat(answer(socket, id).get("code").asString()).isEqualTo("unknown_type");
        }
        assertThat(this.api.submit(client, body(newId(), "no-such-type", "{}")).statusCode()).isEqualTo(422);
        String id = newId();

        socket.send(submit(id, PROBE, "{}"));

        JsonNode limited = answer(socket, id);
        assertRefused(limited, id, "rate_limited", 429);
        assertThat(limited.get("retryAfter").asLong()).isBetween(1L, 2L);
        assertStillServes(socket);
    }

    @Test
    void aBrokerThatDoesNotTakeTheJob_isUnavailable_withRetryAfter_andTheSameSubmitLaterIsAccepted() {
        this.admin.deleteQueue(GONE_QUEUE);
        WsClient socket = welcomed(this.api.session());
        String id = newId();
        socket.send(submit(id, "socket-gone", "{}"));
        JsonNode refused = answer(socket, id);
        assertRefused(refused, id, "unavailable", 503);
        assertThat(refused.get("retryAfter").asLong()).isEqualTo(2);

        Queue queue = QueueBuilder.durable(GONE_QUEUE).withArguments(Topology.jobQueueArguments()).build();
        this.admin.declareQueue(queue);
        this.admin.declareBinding(
                BindingBuilder.bind(queue).to(new DirectExchange(Topology.JOBS_EXCHANGE)).with("socket-gone"));
        socket.send(submit(id, "socket-gone", "{}"));
        WsClient.until(() -> answers(socket, id).size() == 2);
        assertThat(answers(socket, id).get(1).get("status").asInt()).isEqualTo(202);
        socket.close();
    }

    @Test
    void aSubmitThenTheSameRequestOverHttp_is200_andTheOtherWayRound() {
        Session client = this.api.session();
        WsClient socket = welcomed(client);
        String overSocket = newId();
        socket.send(submit(overSocket, PROBE, "{\"n\":1}"));
        assertThat(answer(socket, overSocket).get("status").asInt()).isEqualTo(202);

        HttpResponse<String> again = this.api.submit(client, body(overSocket, PROBE, "{\"n\":1}"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("correlationId").asString()).isEqualTo(overSocket);

        String overHttp = newId();
        assertThat(this.api.submit(client, body(overHttp, PROBE, "{\"n\":2}")).statusCode()).isEqualTo(202);
        socket.send(submit(overHttp, PROBE, "{\"n\":2}"));
        assertThat(answer(socket, overHttp).get("status").asInt()).isEqualTo(200);
        assertThat(jobsQueued(PROBE_QUEUE)).isEqualTo(2);
        socket.close();
    }

    @Test
    void anIdInUpperCase_isTheSameRequest_andItsAnswerNamesItAsSent() {
        WsClient socket = welcomed(this.api.session());
        String id = newId();
        socket.send(submit(id.toUpperCase(), PROBE, "{}"));
        JsonNode accepted = answer(socket, id.toUpperCase());
        assertThat(accepted.get("status").asInt()).isEqualTo(202);
        assertThat(accepted.get("request").get("correlationId").asString()).isEqualTo(id);
        socket.send(submit(id, PROBE, "{}"));
        assertThat(answer(socket, id).get("status").asInt()).isEqualTo(200);
        socket.close();
    }

    @Test
    void pipelinedSubmits_areEachAnsweredOnce_namingTheirIds() {
        WsClient socket = welcomed(this.api.session());
        List<String> ids = List.of(newId(), newId(), newId(), newId());
        ids.forEach((id) -> socket.send(submit(id, PROBE, "{}")));

        WsClient.until(() -> socket.frames("accepted").size() + socket.frames("error").size() == ids.size());
        for (String id : ids) {
            assertThat(answers(socket, id)).hasSize(1);
        }
        // The bound is 4, so all four may be in flight at once; none is refused.
        assertThat(socket.frames("accepted")).hasSize(4);
        socket.close();
    }

    @Test
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
    void aNodeThatIsDraining_answersUnavailable_withRetryAfter() {
        // Closing the gate is for good, as in production: the context is rebuilt after
        // this test.
        WsClient socket = welcomed(this.api.session());
        this.gate.close();
        String id = newId();
        socket.send(submit(id, PROBE, "{}"));
        JsonNode refused = answer(socket, id);
        assertRefused(refused, id, "unavailable", 503);
        assertThat(refused.get("retryAfter").asLong()).isEqualTo(2);
        socket.close();
    }

    // --- helpers

    private WsClient welcomed(Session client) {
        WsClient socket = WsClient.hello(this.port, client.token());
        assertThat(socket.welcome()).isNotNull();
        return socket;
    }

    static String submit(String id, String type, String payload) {
        return "{\"type\":\"submit\",\"correlationId\":\"" + id + "\",\"jobType\":\"" + type + "\",\"payload\":"
                + payload + "}";
    }

    /** The answers (accepted or error frames) naming this id, in order. */
    static List<JsonNode> answers(WsClient socket, String id) {
        return socket.frames()
            .stream()
            .filter((f) -> List.of("accepted", "error").contains(f.path("type").asString()))
            .filter((f) -> id.equals(f.path("correlationId").asString()))
            .toList();
    }

    /** Waits for the first answer naming this id. */
    static JsonNode answer(WsClient socket, String id) {
        WsClient.until(() -> !answers(socket, id).isEmpty());
        return answers(socket, id).get(0);
    }

    private static List<JsonNode> updates(WsClient socket, String id) {
        return socket.frames("update").stream().filter((f) -> id.equals(f.path("correlationId").asString())).toList();
    }

    static void assertRefused(JsonNode error, String id, String code, int status) {
        assertThat(error.get("type").asString()).isEqualTo("error");
        assertThat(error.get("code").asString()).isEqualTo(code);
        assertThat(error.get("correlationId").asString()).isEqualTo(id);
        assertThat(error.get("problem").asString()).isEqualTo("urn:backchannel:problem:" + code.replace('_', '-'));
        assertThat(error.get("status").asInt()).isEqualTo(status);
        assertThat(error.get("message").asString()).isNotBlank();
        HttpApi.assertNoLeak(error.toString());
    }

    /** The socket is open and answers a ping. */
    private static void assertStillServes(WsClient socket) {
        int pongs = socket.frames("pong").size();
        socket.send("{\"type\":\"ping\"}");
        WsClient.until(() -> socket.frames("pong").size() > pongs || socket.closeCode() != null);
        assertThat(socket.closeCode()).isNull();
        socket.close();
    }

    private long jobsQueued(String queue) {
        await().until(() -> this.admin.getQueueInfo(queue).getMessageCount() > 0);
        return this.admin.getQueueInfo(queue).getMessageCount();
    }

    /** Publishes the job's last update as a worker would. */
    private void finish(Session client, String id, Message job) {
        JobUpdate done = new JobUpdate(1, 1, RequestStatus.SUCCEEDED, 100, null, Json.mapper().createObjectNode(), null,
                "socket-submit-it-worker", Instant.now());
        Message update = MessageBuilder.withBody(Json.mapper().writeValueAsBytes(done))
            .setContentType("application/json")
            .setCorrelationId(id)
            .copyHeadersIfAbsent(Map.of(Headers.CLIENT_ID, client.clientId(), Headers.ACCEPTED_BY,
                    job.getMessageProperties().<Object>getHeader(Headers.ACCEPTED_BY)))
            .build();
        this.rabbit.send(Topology.REPLIES_EXCHANGE, Topology.REPLIES_ROUTING_KEY, update);
    }

}

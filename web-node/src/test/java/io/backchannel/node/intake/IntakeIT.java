package io.backchannel.node.intake;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RecordField;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.LiveServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The intake over real HTTP, Redis and RabbitMQ. Jobs go to types only this test
 * configures ({@code intake-probe}, {@code intake-gone}), whose queues no worker
 * consumes.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=intake-it",
                "backchannel.intake.job-types=echo,report,flaky,poison,intake-probe,intake-gone",
                "backchannel.intake.max-body-size=8KB" })
class IntakeIT extends LiveServices {

    private static final String PROBE_QUEUE = Topology.jobQueue(JobType.of("intake-probe"));

    private static final String GONE_QUEUE = Topology.jobQueue(JobType.of("intake-gone"));

    private static final String JSON = "application/json";

    @LocalServerPort
    int port;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    IntakeGate gate;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Every test starts with empty queues of its own types, and leaves none behind. */
    @BeforeEach
    void declareTopology() {
        this.admin.initialize();
    }

    @AfterEach
    void deleteTestQueues() {
        this.admin.deleteQueue(PROBE_QUEUE);
        this.admin.deleteQueue(GONE_QUEUE);
    }

    // --- sessions

    @Test
    void postSession_issuesANewIdentity() throws Exception {
        HttpResponse<String> response = send(request("/api/sessions").POST(BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode grant = json(response);
        assertThat(ClientId.of(grant.get("clientId").asString())).isNotNull();
        assertThat(grant.get("token").asString()).startsWith("v1.");
        assertThat(grant.get("expiresAt").asString()).isNotBlank();
    }

    @Test
    void postSession_withValidToken_renewsTheSameIdentity() throws Exception {
        Session session = session();
        HttpResponse<String> response = send(
                request("/api/sessions").header("Authorization", "Bearer " + session.token())
                    .POST(BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("clientId").asString()).isEqualTo(session.clientId());
    }

    @Test
    void postSession_withInvalidToken_is401() throws Exception {
        HttpResponse<String> response = send(
                request("/api/sessions").header("Authorization", "Bearer v1.forged.1.x").POST(BodyPublishers.noBody()));
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    // --- submitting

    @Test
    void submit_isAccepted_andItsJobIsOnTheTypesQueue_withCorrelationAndHeaders() throws Exception {
        Session session = session();
        String id = newId();

        HttpResponse<String> response = submit(session, body(id, "intake-probe", "{\"n\":1,\"s\":\"x\"}"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/requests/" + id);
        JsonNode record = json(response);
        assertThat(record.get("correlationId").asString()).isEqualTo(id);
        assertThat(record.get("type").asString()).isEqualTo("intake-probe");
        assertThat(record.get("status").asString()).isEqualTo("QUEUED");
        assertThat(record.get("acceptedBy").asString()).isEqualTo("intake-it");
        assertThat(record.get("createdAt").asString()).isNotBlank();

        Message job = this.rabbit.receive(PROBE_QUEUE, 5000);
        assertThat(job).isNotNull();
        assertThat(job.getMessageProperties().getCorrelationId()).isEqualTo(id);
        assertThat(job.getMessageProperties().getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(job.getMessageProperties().getContentType()).isEqualTo(JSON);
        assertThat(job.getMessageProperties().<Object>getHeader(Headers.CLIENT_ID)).hasToString(session.clientId());
        assertThat(job.getMessageProperties().<Object>getHeader(Headers.ACCEPTED_BY)).hasToString("intake-it");
        assertThat(job.getMessageProperties().<Object>getHeader(Headers.JOB_TYPE)).hasToString("intake-probe");
        JobMessage message = Json.mapper().readValue(job.getBody(), JobMessage.class);
        assertThat(message.type()).isEqualTo("intake-probe");
        assertThat(message.payload()).isEqualTo(Json.mapper().readTree("{\"n\":1,\"s\":\"x\"}"));
        assertThat(message.acceptedAt()).isNotNull();
        assertThat(published(session, id)).isEqualTo("1");
    }

    @Test
    void submit_withoutPayload_publishesAnEmptyObject() throws Exception {
        Session session = session();
        String id = newId();
        assertThat(submit(session, "{\"correlationId\":\"" + id + "\",\"type\":\"intake-probe\"}").statusCode())
            .isEqualTo(202);
        Message job = this.rabbit.receive(PROBE_QUEUE, 5000);
        assertThat(Json.mapper().readValue(job.getBody(), JobMessage.class).payload())
            .isEqualTo(Json.mapper().createObjectNode());
    }

    @Test
    void submitAgain_sameRequest_answers200WithTheSameRecord_andPublishesNoSecondJob() throws Exception {
        Session session = session();
        String id = newId();
        HttpResponse<String> first = submit(session, body(id, "intake-probe", "{\"n\":2}"));
        assertThat(first.statusCode()).isEqualTo(202);

        HttpResponse<String> again = submit(session, body(id, "intake-probe", "{\"n\":2}"));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Location")).hasValue("/api/requests/" + id);
        assertThat(json(again)).isEqualTo(json(first));
        await().during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(5))
            .until(() -> this.admin.getQueueInfo(PROBE_QUEUE).getMessageCount() == 1);
    }

    @Test
    void submitAgain_sameIdOtherPayload_is409() throws Exception {
        Session session = session();
        String id = newId();
        assertThat(submit(session, body(id, "intake-probe", "{\"n\":3}")).statusCode()).isEqualTo(202);
        assertProblem(submit(session, body(id, "intake-probe", "{\"n\":4}")), 409, "conflict");
        assertProblem(submit(session, body(id, "echo", "{\"n\":3}")), 409, "conflict");
    }

    @Test
    void submitAgain_samePayloadWithKeysInAnotherOrder_isTheSameRequest() throws Exception {
        Session session = session();
        String id = newId();
        assertThat(submit(session, body(id, "intake-probe", "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}")).statusCode())
            .isEqualTo(202);
        assertThat(submit(session, body(id, "intake-probe", "{\"b\":{\"d\":3,\"c\":2},\"a\":1}")).statusCode())
            .isEqualTo(200);
    }

    @Test
    void sameCorrelationId_fromAnotherClient_isAnotherRequest() throws Exception {
        String id = newId();
        assertThat(submit(session(), body(id, "intake-probe", "{\"n\":5}")).statusCode()).isEqualTo(202);
        assertThat(submit(session(), body(id, "intake-probe", "{\"n\":6}")).statusCode()).isEqualTo(202);
    }

    @Test
    void submit_whenTheJobIsReturnedUnroutable_is503AndUnpublished_thenTheSameRequestPublishesOnceRepaired()
            throws Exception {
        this.admin.deleteQueue(GONE_QUEUE);
        Session session = session();
        String id = newId();
        HttpResponse<String> refused = submit(session, body(id, "intake-gone", "{\"n\":7}"));
        assertProblem(refused, 503, "unavailable");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(published(session, id)).isEqualTo("0");

        Queue queue = QueueBuilder.durable(GONE_QUEUE).withArguments(Topology.jobQueueArguments()).build();
        this.admin.declareQueue(queue);
        this.admin.declareBinding(
                BindingBuilder.bind(queue).to(new DirectExchange(Topology.JOBS_EXCHANGE)).with("intake-gone"));

        HttpResponse<String> retried = submit(session, body(id, "intake-gone", "{\"n\":7}"));
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(published(session, id)).isEqualTo("1");
        assertThat(submit(session, body(id, "intake-gone", "{\"n\":7}")).statusCode()).isEqualTo(200);
        await().during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(5))
            .until(() -> this.admin.getQueueInfo(GONE_QUEUE).getMessageCount() == 1);
        Message job = this.rabbit.receive(GONE_QUEUE, 5000);
        assertThat(job.getMessageProperties().getCorrelationId()).isEqualTo(id);
    }

    // --- refusals

    @Test
    void submit_withoutToken_is401WithBearerChallenge() throws Exception {
        HttpResponse<String> response = send(request("/api/requests").header("Content-Type", JSON)
            .POST(BodyPublishers.ofString(body(newId(), "echo", "{}"))));
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void submit_withForgedToken_is401() throws Exception {
        Session real = session();
        String forged = real.token().substring(0, real.token().lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAA";
        HttpResponse<String> response = submit(new Session(real.clientId(), forged), body(newId(), "echo", "{}"));
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void submit_malformedJson_is400() throws Exception {
        Session session = session();
        assertProblem(submit(session, "{\"correlationId\":"), 400, "bad-request");
        assertProblem(submit(session, "[1,2]"), 400, "bad-request");
        assertProblem(submit(session, ""), 400, "bad-request");
        assertProblem(submit(session, body(newId(), "intake-probe", "{}") + " trailing"), 400, "bad-request");
    }

    @Test
    void submit_badCorrelationId_is400NamingTheField() throws Exception {
        Session session = session();
        HttpResponse<String> response = submit(session, body("not-a-uuid", "intake-probe", "{}"));
        assertProblem(response, 400, "bad-request");
        assertThat(json(response).get("detail").asString()).contains("correlationId");
        HttpResponse<String> missing = submit(session, "{\"type\":\"intake-probe\"}");
        assertProblem(missing, 400, "bad-request");
        assertThat(json(missing).get("detail").asString()).contains("correlationId");
        HttpResponse<String> wrongType = submit(session, "{\"correlationId\":{},\"type\":\"intake-probe\"}");
        assertProblem(wrongType, 400, "bad-request");
        assertThat(json(wrongType).get("detail").asString()).contains("correlationId");
    }

    @Test
    void submit_badTypeForm_is400_andPayloadNotAnObject_is400() throws Exception {
        Session session = session();
        HttpResponse<String> badType = submit(session, body(newId(), "Not A Type", "{}"));
        assertProblem(badType, 400, "bad-request");
        assertThat(json(badType).get("detail").asString()).contains("type");
        HttpResponse<String> badPayload = submit(session, body(newId(), "intake-probe", "[1]"));
        assertProblem(badPayload, 400, "bad-request");
        assertThat(json(badPayload).get("detail").asString()).contains("payload");
    }

    @Test
    void submit_unknownType_is422() throws Exception {
        assertProblem(submit(session(), body(newId(), "no-such-job", "{}")), 422, "unknown-type");
    }

    @Test
    void submit_oversizedBody_withContentLength_is413() throws Exception {
        HttpResponse<String> response = submit(session(), BodyPublishers.ofString(oversized()), JSON);
        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void submit_oversizedBody_chunkedWithoutContentLength_is413() throws Exception {
        byte[] bytes = oversized().getBytes(StandardCharsets.UTF_8);
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        assertThat(chunked.contentLength()).isNegative();
        assertProblem(submit(session(), chunked, JSON), 413, "payload-too-large");
    }

    @Test
    void submit_bodyJustUnderTheLimit_chunked_isAccepted() throws Exception {
        String padding = "x".repeat(8 * 1024 - 200);
        byte[] bytes = body(newId(), "intake-probe", "{\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThan(8 * 1024);
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        assertThat(submit(session(), chunked, JSON).statusCode()).isEqualTo(202);
    }

    @Test
    void submit_textPlain_is415() throws Exception {
        assertProblem(submit(session(), BodyPublishers.ofString(body(newId(), "echo", "{}")), "text/plain"), 415,
                "unsupported-media-type");
    }

    @Test
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
    void submit_whileDraining_is503WithRetryAfter() throws Exception {
        // Closing the gate is for good, as in production: the context is rebuilt after
        // this test.
        Session session = session();
        this.gate.close();
        HttpResponse<String> response = submit(session, body(newId(), "intake-probe", "{}"));
        assertProblem(response, 503, "unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    }

    // --- reading

    @Test
    void get_ownRequest_is200WithTheRecord() throws Exception {
        Session session = session();
        String id = newId();
        assertThat(submit(session, body(id, "intake-probe", "{}")).statusCode()).isEqualTo(202);
        HttpResponse<String> response = get(session, id);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("correlationId").asString()).isEqualTo(id);
        assertThat(json(response).get("status").asString()).isEqualTo("QUEUED");
    }

    @Test
    void get_anotherClientsRequest_is404() throws Exception {
        String id = newId();
        assertThat(submit(session(), body(id, "intake-probe", "{}")).statusCode()).isEqualTo(202);
        assertProblem(get(session(), id), 404, "not-found");
    }

    @Test
    void get_unknownOrMalformedId_is404() throws Exception {
        Session session = session();
        assertProblem(get(session, newId()), 404, "not-found");
        assertProblem(get(session, "not-an-id"), 404, "not-found");
    }

    @Test
    void get_withoutToken_is401() throws Exception {
        assertProblem(send(request("/api/requests/" + newId()).GET()), 401, "unauthorized");
    }

    @Test
    void unknownPathUnderApi_is404Problem() throws Exception {
        assertProblem(send(request("/api/nothing-here").GET()), 404, "not-found");
    }

    @Test
    void wrongMethod_is405Problem() throws Exception {
        assertProblem(send(request("/api/sessions").GET()), 405, "method-not-allowed");
    }

    // --- helpers

    private Session session() throws Exception {
        JsonNode grant = json(send(request("/api/sessions").POST(BodyPublishers.noBody())));
        return new Session(grant.get("clientId").asString(), grant.get("token").asString());
    }

    private HttpResponse<String> submit(Session session, String body) throws Exception {
        return submit(session, BodyPublishers.ofString(body), JSON);
    }

    private HttpResponse<String> submit(Session session, BodyPublisher body, String contentType) throws Exception {
        return send(request("/api/requests").header("Authorization", "Bearer " + session.token())
            .header("Content-Type", contentType)
            .POST(body));
    }

    private HttpResponse<String> get(Session session, String id) throws Exception {
        return send(request("/api/requests/" + id).header("Authorization", "Bearer " + session.token()).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return this.http.send(request.build(), BodyHandlers.ofString());
    }

    private String published(Session session, String id) {
        return (String) this.redis.opsForHash()
            .get(RedisKeys.record(ClientId.of(session.clientId()), CorrelationId.of(id)), RecordField.PUBLISHED);
    }

    private static String body(String id, String type, String payload) {
        return "{\"correlationId\":\"" + id + "\",\"type\":\"" + type + "\",\"payload\":" + payload + "}";
    }

    private static String oversized() {
        return body(UUID.randomUUID().toString(), "intake-probe", "{\"pad\":\"" + "x".repeat(20 * 1024) + "\"}");
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.mapper().readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:backchannel:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.has("trace")).isFalse();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "io.backchannel", "tools.jackson",
                "org.springframework");
    }

    private record Session(String clientId, String token) {
    }

}

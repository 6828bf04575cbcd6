package io.backchannel.node.intake;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.HttpApi;
import io.backchannel.node.LiveNode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static io.backchannel.node.HttpApi.JSON;
import static io.backchannel.node.HttpApi.assertProblem;
import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
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
class IntakeIT extends LiveNode {

    private static final String PROBE_QUEUE = Topology.jobQueue(JobType.of("intake-probe"));

    private static final String GONE_QUEUE = Topology.jobQueue(JobType.of("intake-gone"));

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    IntakeGate gate;

    @Override
    protected List<String> testTypes() {
        return List.of("intake-probe", "intake-gone");
    }

    // --- sessions

    @Test
    void postSession_issuesANewIdentity() throws Exception {
        HttpResponse<String> response = this.api.send(this.api.request("/api/sessions").POST(BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode grant = json(response);
        assertThat(ClientId.of(grant.get("clientId").asString())).isNotNull();
        assertThat(grant.get("token").asString()).startsWith("v1.");
        assertThat(grant.get("expiresAt").asString()).isNotBlank();
    }

    @Test
    void postSession_withValidToken_renewsTheSameIdentity() throws Exception {
        Session session = this.api.session();
        HttpResponse<String> response = this.api.send(this.api.request("/api/sessions")
            .header("Authorization", "Bearer " + session.token())
            .POST(BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(json(response).get("clientId").asString()).isEqualTo(session.clientId());
    }

    @Test
    void postSession_withInvalidToken_is401() throws Exception {
        HttpResponse<String> response = this.api.send(this.api.request("/api/sessions")
            .header("Authorization", "Bearer v1.forged.1.x")
            .POST(BodyPublishers.noBody()));
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    // --- submitting

    @Test
    void submit_isAccepted_andItsJobIsOnTheTypesQueue_withCorrelationAndHeaders() throws Exception {
        Session session = this.api.session();
        String id = newId();

        HttpResponse<String> response = this.api.submit(session, body(id, "intake-probe", "{\"n\":1,\"s\":\"x\"}"));

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
        Session session = this.api.session();
        String id = newId();
        assertThat(
                this.api.submit(session, "{\"correlationId\":\"" + id + "\",\"type\":\"intake-probe\"}").statusCode())
            .isEqualTo(202);
        Message job = this.rabbit.receive(PROBE_QUEUE, 5000);
        assertThat(Json.mapper().readValue(job.getBody(), JobMessage.class).payload())
            .isEqualTo(Json.mapper().createObjectNode());
    }

    @Test
    void submitAgain_sameRequest_answers200WithTheSameRecord_andPublishesNoSecondJob() throws Exception {
        Session session = this.api.session();
        String id = newId();
        HttpResponse<String> first = this.api.submit(session, body(id, "intake-probe", "{\"n\":2}"));
        assertThat(first.statusCode()).isEqualTo(202);

        HttpResponse<String> again = this.api.submit(session, body(id, "intake-probe", "{\"n\":2}"));

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Location")).hasValue("/api/requests/" + id);
        assertThat(json(again)).isEqualTo(json(first));
        await().during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(5))
            .until(() -> this.admin.getQueueInfo(PROBE_QUEUE).getMessageCount() == 1);
    }

    @Test
    void submitAgain_sameIdOtherPayload_is409() throws Exception {
        Session session = this.api.session();
        String id = newId();
        assertThat(this.api.submit(session, body(id, "intake-probe", "{\"n\":3}")).statusCode()).isEqualTo(202);
        assertProblem(this.api.submit(session, body(id, "intake-probe", "{\"n\":4}")), 409, "conflict");
        assertProblem(this.api.submit(session, body(id, "echo", "{\"n\":3}")), 409, "conflict");
    }

    @Test
    void submitAgain_samePayloadWithKeysInAnotherOrder_isTheSameRequest() throws Exception {
        Session session = this.api.session();
        String id = newId();
        assertThat(this.api.submit(session, body(id, "intake-probe", "{\"a\":1,\"b\":{\"c\":2,\"d\":3}}")).statusCode())
            .isEqualTo(202);
        assertThat(this.api.submit(session, body(id, "intake-probe", "{\"b\":{\"d\":3,\"c\":2},\"a\":1}")).statusCode())
            .isEqualTo(200);
    }

    @Test
    void sameCorrelationId_fromAnotherClient_isAnotherRequest() throws Exception {
        String id = newId();
        assertThat(this.api.submit(this.api.session(), body(id, "intake-probe", "{\"n\":5}")).statusCode())
            .isEqualTo(202);
        assertThat(this.api.submit(this.api.session(), body(id, "intake-probe", "{\"n\":6}")).statusCode())
            .isEqualTo(202);
    }

    @Test
    void submit_whenTheJobIsReturnedUnroutable_is503AndUnpublished_thenTheSameRequestPublishesOnceRepaired()
            throws Exception {
        this.admin.deleteQueue(GONE_QUEUE);
        Session session = this.api.session();
        String id = newId();
        HttpResponse<String> refused = this.api.submit(session, body(id, "intake-gone", "{\"n\":7}"));
        assertProblem(refused, 503, "unavailable");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(published(session, id)).isEqualTo("0");

        Queue queue = QueueBuilder.durable(GONE_QUEUE).withArguments(Topology.jobQueueArguments()).build();
        this.admin.declareQueue(queue);
        this.admin.declareBinding(
                BindingBuilder.bind(queue).to(new DirectExchange(Topology.JOBS_EXCHANGE)).with("intake-gone"));

        HttpResponse<String> retried = this.api.submit(session, body(id, "intake-gone", "{\"n\":7}"));
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(published(session, id)).isEqualTo("1");
        assertThat(this.api.submit(session, body(id, "intake-gone", "{\"n\":7}")).statusCode()).isEqualTo(200);
        await().during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(5))
            .until(() -> this.admin.getQueueInfo(GONE_QUEUE).getMessageCount() == 1);
        Message job = this.rabbit.receive(GONE_QUEUE, 5000);
        assertThat(job.getMessageProperties().getCorrelationId()).isEqualTo(id);
    }

    // --- refusals

    @Test
    void submit_withoutToken_is401WithBearerChallenge() throws Exception {
        HttpResponse<String> response = this.api.send(this.api.request("/api/requests")
            .header("Content-Type", JSON)
            .POST(BodyPublishers.ofString(body(newId(), "echo", "{}"))));
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void submit_withForgedToken_is401() throws Exception {
        Session real = this.api.session();
        String forged = real.token().substring(0, real.token().lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAA";
        HttpResponse<String> response = this.api.submit(new HttpApi.Session(real.clientId(), forged),
                body(newId(), "echo", "{}"));
        assertProblem(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void submit_malformedJson_is400() throws Exception {
        Session session = this.api.session();
        assertProblem(this.api.submit(session, "{\"correlationId\":"), 400, "bad-request");
        assertProblem(this.api.submit(session, "[1,2]"), 400, "bad-request");
        assertProblem(this.api.submit(session, ""), 400, "bad-request");
        assertProblem(this.api.submit(session, body(newId(), "intake-probe", "{}") + " trailing"), 400, "bad-request");
    }

    @Test
    void submit_badCorrelationId_is400NamingTheField() throws Exception {
        Session session = this.api.session();
        HttpResponse<String> response = this.api.submit(session, body("not-a-uuid", "intake-probe", "{}"));
        assertProblem(response, 400, "bad-request");
        assertThat(json(response).get("detail").asString()).contains("correlationId");
        HttpResponse<String> missing = this.api.submit(session, "{\"type\":\"intake-probe\"}");
        assertProblem(missing, 400, "bad-request");
        assertThat(json(missing).get("detail").asString()).contains("correlationId");
        HttpResponse<String> wrongType = this.api.submit(session, "{\"correlationId\":{},\"type\":\"intake-probe\"}");
        assertProblem(wrongType, 400, "bad-request");
        assertThat(json(wrongType).get("detail").asString()).contains("correlationId");
    }

    @Test
    void submit_badTypeForm_is400_andPayloadNotAnObject_is400() throws Exception {
        Session session = this.api.session();
        HttpResponse<String> badType = this.api.submit(session, body(newId(), "Not A Type", "{}"));
        assertProblem(badType, 400, "bad-request");
        assertThat(json(badType).get("detail").asString()).contains("type");
        HttpResponse<String> badPayload = this.api.submit(session, body(newId(), "intake-probe", "[1]"));
        assertProblem(badPayload, 400, "bad-request");
        assertThat(json(badPayload).get("detail").asString()).contains("payload");
    }

    @Test
    void submit_unknownType_is422() throws Exception {
        assertProblem(this.api.submit(this.api.session(), body(newId(), "no-such-job", "{}")), 422, "unknown-type");
    }

    @Test
    void submit_oversizedBody_withContentLength_is413() throws Exception {
        HttpResponse<String> response = this.api.submit(this.api.session().token(),
                BodyPublishers.ofString(oversized()), JSON);
        assertProblem(response, 413, "payload-too-large");
    }

    @Test
    void submit_oversizedBody_chunkedWithoutContentLength_is413() throws Exception {
        byte[] bytes = oversized().getBytes(StandardCharsets.UTF_8);
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        assertThat(chunked.contentLength()).isNegative();
        assertProblem(this.api.submit(this.api.session().token(), chunked, JSON), 413, "payload-too-large");
    }

    @Test
    void submit_bodyJustUnderTheLimit_chunked_isAccepted() throws Exception {
        String padding = "x".repeat(8 * 1024 - 200);
        byte[] bytes = body(newId(), "intake-probe", "{\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThan(8 * 1024);
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        assertThat(this.api.submit(this.api.session().token(), chunked, JSON).statusCode()).isEqualTo(202);
    }

    @Test
    void submit_textPlain_is415() throws Exception {
        assertProblem(this.api.submit(this.api.session().token(), BodyPublishers.ofString(body(newId(), "echo", "{}")),
                "text/plain"), 415, "unsupported-media-type");
    }

    @Test
    void submit_unparsableContentType_is400() throws Exception {
        // An unclosed quote before the slash once made Spring's own parser fail with an
        // index out of bounds: a 500 on every endpoint.
        HttpResponse<String> response = this.api.submit(this.api.session().token(),
                BodyPublishers.ofString(body(newId(), "intake-probe", "{}")), "\"/C5*DaK");
        assertProblem(response, 400, "bad-request");
        assertThat(json(response).path("detail").asString())
            .isEqualTo("Header 'Content-Type' is not a valid media type.");
    }

    @Test
    void anyEndpoint_unparsableAccept_is400() throws Exception {
        HttpResponse<String> open = this.api.send(this.api.request("/api/auth").header("Accept", "\"a/b"));
        assertProblem(open, 400, "bad-request");
        assertThat(json(open).path("detail").asString()).isEqualTo("Header 'Accept' is not a valid media type.");
        Session session = this.api.session();
        HttpResponse<String> read = this.api.send(this.api.request("/api/requests/" + newId())
            .header("Authorization", "Bearer " + session.token())
            .header("Accept", "application/json, \"x/"));
        assertProblem(read, 400, "bad-request");
    }

    @Test
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
    void submit_whileDraining_is503WithRetryAfter() throws Exception {
        // Closing the gate is for good, as in production: the context is rebuilt after
        // this test.
        Session session = this.api.session();
        this.gate.close();
        HttpResponse<String> response = this.api.submit(session, body(newId(), "intake-probe", "{}"));
        assertProblem(response, 503, "unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    }

    // --- reading

    @Test
    void get_ownRequest_is200WithTheRecord() throws Exception {
        Session session = this.api.session();
        String id = newId();
        assertThat(this.api.submit(session, body(id, "intake-probe", "{}")).statusCode()).isEqualTo(202);
        HttpResponse<String> response = this.api.get(session, id);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("correlationId").asString()).isEqualTo(id);
        assertThat(json(response).get("status").asString()).isEqualTo("QUEUED");
    }

    @Test
    void openApi_describesEveryEndpoint_andTheBearerScheme() throws Exception {
        HttpResponse<String> answer = this.api.send(this.api.request("/api/openapi").GET());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode description = json(answer);
        assertThat(description.path("openapi").asString()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        description.path("paths").propertyNames().forEach(paths::add);
        assertThat(paths).contains("/api/requests", "/api/requests/{correlationId}", "/api/sessions", "/api/publish",
                "/api/auth", "/api/cluster");
        assertThat(description.path("paths").path("/api/requests").has("post")).isTrue();
        assertThat(description.path("paths").path("/api/requests/{correlationId}").has("delete")).isTrue();
        assertThat(description.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
            .isEqualTo("bearer");
    }

    @Test
    void authMode_isOpenToAnyone() throws Exception {
        HttpResponse<String> answer = this.api.send(this.api.request("/api/auth").GET());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).path("mode").asString()).isEqualTo("anonymous");
    }

    @Test
    void publish_inAnonymousMode_is404() throws Exception {
        HttpResponse<String> answer = this.api.send(this.api.request("/api/publish")
            .header("Authorization", "Bearer " + this.api.session().token())
            .header("Content-Type", JSON)
            .POST(BodyPublishers.ofString("{\"userId\":\"u\",\"id\":\"" + newId() + "\",\"event\":{\"type\":\"t\"}}")));
        assertProblem(answer, 404, "not-found");
        assertThat(json(answer).path("detail").asString()).contains("jwt");
    }

    @Test
    void get_anotherClientsRequest_is404() throws Exception {
        String id = newId();
        assertThat(this.api.submit(this.api.session(), body(id, "intake-probe", "{}")).statusCode()).isEqualTo(202);
        assertProblem(this.api.get(this.api.session(), id), 404, "not-found");
    }

    @Test
    void get_unknownOrMalformedId_is404() throws Exception {
        Session session = this.api.session();
        assertProblem(this.api.get(session, newId()), 404, "not-found");
        assertProblem(this.api.get(session, "not-an-id"), 404, "not-found");
    }

    @Test
    void get_withoutToken_is401() throws Exception {
        assertProblem(this.api.send(this.api.request("/api/requests/" + newId()).GET()), 401, "unauthorized");
    }

    @Test
    void unknownPathUnderApi_is404Problem() throws Exception {
        assertProblem(this.api.send(this.api.request("/api/nothing-here").GET()), 404, "not-found");
    }

    @Test
    void wrongMethod_is405Problem() throws Exception {
        assertProblem(this.api.send(this.api.request("/api/sessions").GET()), 405, "method-not-allowed");
    }

    // --- helpers

    private String published(Session session, String id) {
        return (String) this.redis.opsForHash()
            .get(RedisKeys.record(ClientId.of(session.clientId()), CorrelationId.of(id)), RecordField.PUBLISHED);
    }

    private static String oversized() {
        return body(UUID.randomUUID().toString(), "intake-probe", "{\"pad\":\"" + "x".repeat(20 * 1024) + "\"}");
    }

}

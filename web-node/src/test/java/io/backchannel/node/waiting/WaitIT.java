package io.backchannel.node.waiting;

import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import io.backchannel.node.WsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static io.backchannel.node.HttpApi.timedBody;
import static io.backchannel.node.RequestEnds.updates;
import static io.backchannel.node.RequestEnds.workerSends;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code Prefer: wait=N} on {@code POST /api/requests} over real HTTP, Redis and
 * RabbitMQ: the jobs wait in a queue no worker consumes, and the test answers them as a
 * worker would, once the call is waiting.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "backchannel.node.id=wait-it",
        "backchannel.intake.job-types=wait-probe", "backchannel.ws.max-sockets-per-client=1" })
class WaitIT extends LiveNode {

    private static final String PROBE = "wait-probe";

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    Waiters waiters;

    @Override
    protected List<String> testTypes() {
        return List.of(PROBE);
    }

    @Test
    void aRequestThatEndsWithinTheWait_isAnswered200WithItsTerminalRecord() throws Exception {
        Session client = this.api.session();
        String id = newId();
        int before = this.waiters.count();

        CompletableFuture<HttpResponse<String>> call = post(client, id, "wait=10");
        await().until(() -> this.waiters.count() > before);
        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);

        HttpResponse<String> response = call.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=10");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/requests/" + id);
        JsonNode record = json(response);
        assertThat(record.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(record.get("correlationId").asString()).isEqualTo(id);
    }

    @Test
    void aRequestStillRunningAfterTheWait_isAnsweredAsUsual_withItsRecordAsItStands() throws Exception {
        Session client = this.api.session();
        String id = newId();
        long start = System.nanoTime();

        HttpResponse<String> response = post(client, id, "wait=1").get(10, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=1");
        assertThat(json(response).get("status").asString()).isEqualTo("QUEUED");
        await().until(() -> this.waiters.count() == 0);
    }

    @Test
    void aRepeatedPost_waitsTheSameWay_andOneOfAnEndedRequestIsAnsweredAtOnce() throws Exception {
        Session client = this.api.session();
        String id = newId();
        assertThat(this.api.submit(client, timedBody(id, PROBE, null)).statusCode()).isEqualTo(202);
        int before = this.waiters.count();

        CompletableFuture<HttpResponse<String>> again = post(client, id, "wait=10");
        await().until(() -> this.waiters.count() > before);
        workerSends(this.rabbit, client, id, RequestStatus.FAILED);

        HttpResponse<String> response = again.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("FAILED");
        HttpResponse<String> ended = post(client, id, "wait=10").get(2, TimeUnit.SECONDS);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(json(ended).get("status").asString()).isEqualTo("FAILED");
    }

    @Test
    void aWaitingCall_isNoSocket_forTheSocketLimit() throws Exception {
        Session client = this.api.session();
        String id = newId();
        int before = this.waiters.count();
        CompletableFuture<HttpResponse<String>> call = post(client, id, "wait=10");
        await().until(() -> this.waiters.count() > before);

        WsClient socket = WsClient.hello(this.port, client.token());

        assertThat(socket.welcome()).as("the one socket the client may hold").isNotNull();
        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);
        assertThat(call.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        WsClient.until(() -> !updates(socket, id).isEmpty());
        socket.close();
    }

    @Test
    void aWaitAbove60s_isHonouredAs60s() throws Exception {
        Session client = this.api.session();
        String id = newId();
        int before = this.waiters.count();

        CompletableFuture<HttpResponse<String>> call = post(client, id, "respond-async, wait=600");
        await().until(() -> this.waiters.count() > before);
        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);

        assertThat(call.get(10, TimeUnit.SECONDS).headers().firstValue("Preference-Applied")).hasValue("wait=60");
    }

    @Test
    void aPreferWithoutAUsableWait_isAnsweredAtOnce_withoutPreferenceApplied() throws Exception {
        Session client = this.api.session();
        for (String prefer : List.of("respond-async", "wait=soon", "wait=0", "wait=-3")) {
            HttpResponse<String> response = post(client, newId(), prefer).get(5, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(prefer).isEqualTo(202);
            assertThat(response.headers().firstValue("Preference-Applied")).as(prefer).isEmpty();
        }
    }

    @Test
    void aRefusedRequest_isAnsweredAtOnce_withItsProblem() throws Exception {
        Session client = this.api.session();

        HttpResponse<String> response = this.http
            .sendAsync(this.api.request("/api/requests")
                .header("Authorization", "Bearer " + client.token())
                .header("Content-Type", "application/json")
                .header("Prefer", "wait=10")
                .POST(BodyPublishers.ofString(timedBody(newId(), "no-such-type", null)))
                .build(), BodyHandlers.ofString())
            .get(5, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(422);
    }

    // --- long polling: GET with If-None-Match and Prefer: wait

    @Test
    void aRecordCarriesItsSeqAsETag_andIsNotModifiedForThatTag() throws Exception {
        Session client = this.api.session();
        String id = newId();
        this.api.submit(client, timedBody(id, PROBE, null));

        HttpResponse<String> plain = this.api.get(client, id);
        HttpResponse<String> held = poll(client, id, "\"0\"", null).get(5, TimeUnit.SECONDS);
        HttpResponse<String> other = poll(client, id, "\"7\", W/\"8\"", null).get(5, TimeUnit.SECONDS);

        assertThat(plain.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat(held.statusCode()).isEqualTo(304);
        assertThat(held.headers().firstValue("ETag")).hasValue("\"0\"");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(json(other).get("seq").asLong()).isZero();
    }

    @Test
    void aLongPoll_isAnsweredAsSoonAsTheRecordMovesPastTheSeqItHolds() throws Exception {
        Session client = this.api.session();
        String id = newId();
        this.api.submit(client, timedBody(id, PROBE, null));
        int before = this.waiters.count();

        CompletableFuture<HttpResponse<String>> call = poll(client, id, "\"0\"", "wait=10");
        await().until(() -> this.waiters.count() > before);
        workerSends(this.rabbit, client, id, RequestStatus.RUNNING);

        HttpResponse<String> response = call.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(response.headers().firstValue("Preference-Applied")).hasValue("wait=10");
        assertThat(json(response).get("status").asString()).isEqualTo("RUNNING");
    }

    @Test
    void aLongPollWithNoMove_isNotModifiedAfterTheWait_andOneOnAnEndedRecord_atOnce() throws Exception {
        Session client = this.api.session();
        String id = newId();
        this.api.submit(client, timedBody(id, PROBE, null));
        long start = System.nanoTime();

        HttpResponse<String> quiet = poll(client, id, "\"0\"", "wait=1").get(10, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(quiet.statusCode()).isEqualTo(304);
        assertThat(quiet.headers().firstValue("Preference-Applied")).hasValue("wait=1");
        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);
        await().until(() -> json(this.api.get(client, id)).get("seq").asLong() == 1);
        long ended = System.nanoTime();
        HttpResponse<String> done = poll(client, id, "\"1\"", "wait=10").get(10, TimeUnit.SECONDS);
        assertThat(done.statusCode()).isEqualTo(304);
        assertThat(Duration.ofNanos(System.nanoTime() - ended)).isLessThan(Duration.ofSeconds(5));
    }

    private CompletableFuture<HttpResponse<String>> poll(Session client, String id, String ifNoneMatch, String prefer) {
        var request = this.api.request("/api/requests/" + id)
            .header("Authorization", "Bearer " + client.token())
            .header("If-None-Match", ifNoneMatch);
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return this.http.sendAsync(request.GET().build(), BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> post(Session client, String id, String prefer) {
        return this.http.sendAsync(this.api.request("/api/requests")
            .header("Authorization", "Bearer " + client.token())
            .header("Content-Type", "application/json")
            .header("Prefer", prefer)
            .POST(BodyPublishers.ofString(timedBody(id, PROBE, null)))
            .build(), BodyHandlers.ofString());
    }

}

package io.backchannel.node.callback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RecordField;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;

import static io.backchannel.node.HttpApi.assertProblem;
import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static io.backchannel.node.RequestEnds.workerSends;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callbacks over real HTTP, Redis and RabbitMQ, to a real HTTP receiver on loopback that
 * answers as each test scripts it: at once, with errors, too slowly, with a redirect.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=callback-it", "backchannel.intake.job-types=callback-probe",
                "backchannel.callbacks.allowed-hosts=127.0.0.1", "backchannel.callbacks.secret=" + CallbackIT.SECRET,
                "backchannel.callbacks.backoff=100ms,200ms", "backchannel.callbacks.retry-for=1500ms",
                "backchannel.callbacks.timeout=300ms", "backchannel.callbacks.connect-timeout=300ms" })
class CallbackIT extends LiveNode {

    static final String SECRET = "callback-it-secret-0123456789abcdef";

    private static final String PROBE = "callback-probe";

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    MeterRegistry meters;

    private HttpServer receiver;

    /**
     * What the receiver answers each call with, by request id: a status, or 0 to stall.
     */
    private final Map<String, List<Integer>> script = new ConcurrentHashMap<>();

    private final Map<String, List<Call>> calls = new ConcurrentHashMap<>();

    /** Lets stalled calls go at the end of the test. */
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    protected List<String> testTypes() {
        return List.of(PROBE);
    }

    @BeforeEach
    void startReceiver() throws IOException {
        this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.receiver.createContext("/hook", this::receive);
        this.receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        this.receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        this.released.countDown();
        this.receiver.stop(0);
    }

    @Test
    void theTerminalRecord_isPostedOnce_signed_withItsDeliveryId_andTheRecordSaysDelivered() {
        Session client = this.api.session();
        String id = newId();
        submit(client, id);

        workerSends(this.rabbit, client, id, RequestStatus.SUCCEEDED);

        await().until(() -> "delivered".equals(callback(client, id).path("state").asString()));
        List<Call> received = this.calls.get(id);
        assertThat(received).hasSize(1);
        Call call = received.getFirst();
        JsonNode body = Json.mapper().readTree(call.body());
        assertThat(body.get("correlationId").asString()).isEqualTo(id);
        assertThat(body.get("status").asString()).isEqualTo("SUCCEEDED");
        // The delivery id is the terminal event's id: the same on every call of this end.
        assertThat(call.delivery()).isEqualTo(this.redis.opsForHash()
            .get(RedisKeys.record(ClientId.of(client.clientId()), CorrelationId.of(id)), RecordField.EVENT_ID));
        String[] parts = call.signature().split(",");
        long timestamp = Long.parseLong(parts[0].substring(2));
        assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(60);
        assertThat(call.signature())
            .isEqualTo(CallbackSignature.sign(SECRET, timestamp, call.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(callback(client, id).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aReceiverThatFailsThenRecovers_getsTheSameDeliveryAgain_untilItAnswers2xx() {
        Session client = this.api.session();
        String id = newId();
        this.script.put(id, new CopyOnWriteArrayList<>(List.of(500, 503)));
        submit(client, id);

        workerSends(this.rabbit, client, id, RequestStatus.FAILED);

        await().until(() -> "delivered".equals(callback(client, id).path("state").asString()));
        assertThat(this.calls.get(id)).hasSize(3)
            .extracting(Call::delivery)
            .containsOnly(this.calls.get(id).getFirst().delivery());
        assertThat(callback(client, id).get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void aReceiverThatNeverAnswersInTime_orRedirects_isGivenUp_andTheDeliveryDeadLettered() {
        Session client = this.api.session();
        String slow = newId();
        String redirect = newId();
        this.script.put(slow, new CopyOnWriteArrayList<>(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
        this.script.put(redirect, new CopyOnWriteArrayList<>(List.of(302, 302, 302, 302, 302, 302, 302, 302, 302)));
        long dead = deadCount();
        submit(client, slow);
        submit(client, redirect);

        workerSends(this.rabbit, client, slow, RequestStatus.SUCCEEDED);
        workerSends(this.rabbit, client, redirect, RequestStatus.SUCCEEDED);

        await().atMost(Duration.ofSeconds(20))
            .until(() -> "failed".equals(callback(client, slow).path("state").asString())
                    && "failed".equals(callback(client, redirect).path("state").asString()));
        assertThat(callback(client, slow).get("attempts").asInt()).isGreaterThan(1);
        // A redirect is a failed call, never followed.
        assertThat(this.calls.get(redirect)).allMatch((c) -> c.path().equals("/hook"));
        await().until(() -> deadCount() >= dead + 2);
    }

    @Test
    void anEndTheNodeMakes_isCalledBackToo_aCancel() {
        Session client = this.api.session();
        String id = newId();
        submit(client, id);

        assertThat(this.api
            .send(this.api.request("/api/requests/" + id).header("Authorization", "Bearer " + client.token()).DELETE())
            .statusCode()).isEqualTo(202);

        await().until(() -> "delivered".equals(callback(client, id).path("state").asString()));
        assertThat(Json.mapper().readTree(this.calls.get(id).getFirst().body()).get("status").asString())
            .isEqualTo("CANCELLED");
    }

    @Test
    void aCallbackToAHostNotListed_orNoHttpUrl_isRefusedBeforeAnythingIsStored() {
        Session client = this.api.session();
        String id = newId();
        double refused = refusedCount();

        assertProblem(this.api.submit(client, body(id, "http://10.0.0.1/hook")), 422, "callback-refused");
        // Counted as what it is, not as the other 422 (unknown_type).
        await().until(() -> refusedCount() == refused + 1);
        assertProblem(this.api.submit(client, body(newId(), "http://localhost:" + port() + "/hook")), 422,
                "callback-refused");
        for (String url : List.of("ftp://127.0.0.1/x", "/hook", "http://user:pw@127.0.0.1/x", "not a url")) {
            assertProblem(this.api.submit(client, body(newId(), url)), 400, "bad-request");
        }
        assertThat(this.api.get(client, id).statusCode()).isEqualTo(404);
    }

    private void submit(Session client, String id) {
        assertThat(this.api.submit(client, body(id, "http://127.0.0.1:" + port() + "/hook?id=" + id)).statusCode())
            .isEqualTo(202);
        assertThat(callback(client, id).get("state").asString()).isEqualTo("pending");
    }

    private JsonNode callback(Session client, String id) {
        return json(this.api.get(client, id)).path("callback");
    }

    private double refusedCount() {
        Counter counter = this.meters.find("backchannel.intake.rejected")
            .tag("reason", "callback_refused")
            .tag("via", "http")
            .counter();
        return (counter != null) ? counter.count() : 0;
    }

    private long deadCount() {
        return this.admin.getQueueInfo(Topology.DEAD_CALLBACKS_QUEUE).getMessageCount();
    }

    private int port() {
        return this.receiver.getAddress().getPort();
    }

    private static String body(String id, String url) {
        return "{\"correlationId\":\"" + id + "\",\"type\":\"" + PROBE + "\",\"callback\":{\"url\":\"" + url + "\"}}";
    }

    private void receive(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        String id = (query != null) ? query.substring(query.indexOf('=') + 1) : "";
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        this.calls.computeIfAbsent(id, (k) -> new CopyOnWriteArrayList<>())
            .add(new Call(exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst(CallbackSender.DELIVERY_HEADER),
                    exchange.getRequestHeaders().getFirst(CallbackSignature.HEADER)));
        List<Integer> answers = this.script.get(id);
        int status = (answers != null && !answers.isEmpty()) ? answers.removeFirst() : 204;
        if (status == 0) {
            // Stalls past the node's timeout: held until the test ends.
            try {
                this.released.await(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            status = 204;
        }
        if (status == 302) {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + port() + "/elsewhere?id=" + id);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    record Call(String path, String body, String delivery, String signature) {
    }

}

package io.backchannel.node.auth;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.node.HttpApi;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.RequestEnds;
import io.backchannel.node.RunningNode;
import io.backchannel.node.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import static io.backchannel.node.HttpApi.assertProblem;
import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code backchannel.auth.mode=jwt} on three nodes, with tokens from a test identity
 * provider whose keys a real JWKS endpoint serves: the user is the token's subject, on
 * every device and node; every token the provider did not sign as configured is refused.
 */
class JwtModeIT {

    private static final String TYPE = "jwt-probe";

    private static TestIdentityProvider provider;

    private static RunningNode first;

    private static RunningNode second;

    private static RunningNode third;

    private static HttpApi firstApi;

    private static HttpApi secondApi;

    private static HttpApi thirdApi;

    @BeforeAll
    static void start() {
        provider = TestIdentityProvider.start();
        first = RunningNode.start(settings("jwt-node-1"));
        second = RunningNode.start(settings("jwt-node-2"));
        third = RunningNode.start(settings("jwt-node-3"));
        firstApi = new HttpApi(first.port());
        secondApi = new HttpApi(second.port());
        thirdApi = new HttpApi(third.port());
    }

    private static Map<String, String> settings(String nodeId) {
        Map<String, String> settings = new HashMap<>(provider.nodeSettings());
        settings.put("backchannel.node.id", nodeId);
        settings.put("backchannel.intake.job-types", TYPE);
        settings.put("backchannel.ws.token-grace", "2s");
        return settings;
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.bean(AmqpAdmin.class).deleteQueue(Topology.jobQueue(JobType.of(TYPE)));
            first.close();
        }
        for (RunningNode node : new RunningNode[] { second, third }) {
            if (node != null) {
                node.close();
            }
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void validToken_isTheUser_onEveryNode() {
        Session alice = session("alice-" + newId());
        String id = newId();
        assertThat(firstApi.submit(alice, body(id, TYPE, "{}")).statusCode()).isEqualTo(202);
        HttpResponse<String> read = secondApi.get(alice, id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("status").asString()).isEqualTo("QUEUED");
        assertThat(provider.keyFetches()).isPositive();
    }

    @Test
    void tokensTheProviderDidNotIssueAsConfigured_are401() {
        String user = "mallory-" + newId();
        Instant now = Instant.now();
        Map<String, String> refused = Map.of(
                provider.signed(provider.claims(user)
                    .issueTime(Date.from(now.minusSeconds(900)))
                    .expirationTime(Date.from(now.minusSeconds(300)))
                    .build()),
                "The token has expired.",
                provider.signed(provider.claims(user).notBeforeTime(Date.from(now.plusSeconds(600))).build()),
                "The token is not valid yet.",
                provider.signed(provider.claims(user).issuer("https://other.example").build()),
                "The token's issuer is not accepted.",
                provider.signed(provider.claims(user).audience("someone-else").build()),
                "The token's audience is not accepted.", provider.forged(user), "The token does not verify.",
                provider.unsigned(user), "The token does not verify.",
                provider.signed(provider.claims(user).subject(null).build()), "The token names no user (claim 'sub').",
                "not.a.jwt", "The token does not verify.");
        refused.forEach((token, reason) -> {
            HttpResponse<String> answer = firstApi.submit(new Session("-", token), body(newId(), TYPE, "{}"));
            assertProblem(answer, 401, "unauthorized");
            assertThat(json(answer).get("detail").asString()).as(reason).isEqualTo(reason);
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        });
    }

    @Test
    void theModeIsTold_toAnyone() {
        HttpResponse<String> answer = firstApi.send(firstApi.request("/api/auth").GET());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).get("mode").asString()).isEqualTo("jwt");
    }

    @Test
    void anonymousSessions_areOff() {
        HttpResponse<String> answer = firstApi
            .send(firstApi.request("/api/sessions").POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertProblem(answer, 404, "not-found");
        assertThat(json(answer).get("detail").asString()).contains("identity provider");
    }

    @Test
    void twoDevicesOfOneUser_bothReceive_andEitherReadsAndCancels() {
        String user = "alice-" + newId();
        Session laptop = session(user);
        Session phone = session(user);
        assertThat(laptop.token()).isNotEqualTo(phone.token());
        WsClient laptopSocket = WsClient.hello(first.port(), laptop.token());
        WsClient phoneSocket = WsClient.hello(second.port(), phone.token());
        try {
            assertThat(laptopSocket.welcome().get("clientId").asString()).isEqualTo(laptop.clientId());
            assertThat(phoneSocket.welcome().get("clientId").asString()).isEqualTo(laptop.clientId());
            String done = newId();
            // Sockets on the first and second nodes, the request through the third.
            assertThat(thirdApi.submit(phone, body(done, TYPE, "{}")).statusCode()).isEqualTo(202);
            RequestEnds.workerSends(first.bean(RabbitTemplate.class), phone, done, RequestStatus.SUCCEEDED);
            await().untilAsserted(() -> {
                assertThat(RequestEnds.updates(laptopSocket, done)).extracting((f) -> f.get("status").asString())
                    .containsExactly("SUCCEEDED");
                assertThat(RequestEnds.updates(phoneSocket, done)).extracting((f) -> f.get("status").asString())
                    .containsExactly("SUCCEEDED");
            });
            assertThat(json(firstApi.get(laptop, done)).get("status").asString()).isEqualTo("SUCCEEDED");
            String cancelled = newId();
            assertThat(firstApi.submit(laptop, body(cancelled, TYPE, "{}")).statusCode()).isEqualTo(202);
            assertThat(secondApi.send(cancel(secondApi, phone, cancelled)).statusCode()).isEqualTo(202);
            JsonNode list = json(secondApi
                .send(secondApi.request("/api/requests").header("Authorization", "Bearer " + phone.token()).GET()));
            assertThat(list.get("requests").findValuesAsString("correlationId")).contains(done, cancelled);
        }
        finally {
            laptopSocket.close();
            phoneSocket.close();
        }
    }

    @Test
    void anotherUser_cannotRead_cancel_receive_orOverwrite() {
        Session alice = session("alice-" + newId());
        Session bob = session("bob-" + newId());
        WsClient bobSocket = WsClient.hello(first.port(), bob.token());
        WsClient aliceSocket = WsClient.hello(first.port(), alice.token());
        try {
            String id = newId();
            assertThat(firstApi.submit(alice, body(id, TYPE, "{\"owner\":\"alice\"}")).statusCode()).isEqualTo(202);
            String aliceRecord = firstApi.get(alice, id).body();
            assertProblem(secondApi.get(bob, id), 404, "not-found");
            assertProblem(secondApi.send(cancel(secondApi, bob, id)), 404, "not-found");
            // The same id is simply another request of bob's.
            assertThat(secondApi.submit(bob, body(id, TYPE, "{\"owner\":\"bob\"}")).statusCode()).isEqualTo(202);
            RequestEnds.workerSends(first.bean(RabbitTemplate.class), alice, id, RequestStatus.FAILED);
            await().until(() -> !RequestEnds.updates(aliceSocket, id).isEmpty());
            assertThat(json(firstApi.get(bob, id)).get("status").asString()).isEqualTo("QUEUED");
            assertThat(RequestEnds.updates(bobSocket, id)).isEmpty();
            assertThat(firstApi.get(alice, id).body()).isNotEqualTo(aliceRecord).contains("FAILED");
        }
        finally {
            bobSocket.close();
            aliceSocket.close();
        }
    }

    @Test
    void socketHello_withARefusedToken_isClosedWithPolicyViolation() {
        for (String token : List.of(provider.forged("eve"), provider.unsigned("eve"), "x")) {
            WsClient socket = WsClient.hello(first.port(), token);
            socket.awaitClose();
            assertThat(socket.closeCode()).isEqualTo(1008);
            assertThat(socket.errorCodes()).containsExactly("bad_token");
        }
    }

    @Test
    void aSocketWhoseTokenExpires_isTold_andLivesOnAFreshToken() {
        String user = "carol-" + newId();
        WsClient socket = WsClient.hello(first.port(), shortLived(user));
        try {
            assertThat(socket.welcome().get("tokenExpiresAt").asString()).isNotBlank();
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.errorCodes().contains("token_expired"));
            socket.send("{\"type\":\"auth\",\"token\":\"" + provider.forged(user) + "\"}");
            socket.send("{\"type\":\"auth\",\"token\":\"" + provider.token("someone-else") + "\"}");
            socket.send("{\"type\":\"auth\",\"token\":\"" + provider.token(user) + "\"}");
            await().until(() -> socket.frames("authenticated").size() == 1);
            assertThat(socket.errorCodes()).containsExactly("token_expired", "bad_token", "bad_token");
            // Past the grace the old token had: the socket is still open, on the new one.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> socket.closeCode() == null);
        }
        finally {
            socket.close();
        }
    }

    @Test
    void aSocketWhoseTokenExpires_andIsNotRenewed_isClosedAfterTheGrace() {
        WsClient socket = WsClient.hello(first.port(), shortLived("dave-" + newId()));
        socket.awaitClose();
        assertThat(socket.closeCode()).isEqualTo(1008);
        assertThat(socket.errorCodes()).containsExactly("token_expired");
    }

    @Test
    void publish_reachesEverySocketOfTheUser_once_andIsReplayedToANewOne() {
        String user = "erin-" + newId();
        Session laptop = session(user);
        WsClient laptopSocket = WsClient.hello(first.port(), laptop.token());
        WsClient phoneSocket = WsClient.hello(second.port(), session(user).token());
        WsClient strangerSocket = WsClient.hello(second.port(), session("frank-" + newId()).token());
        try {
            String shipped = newId();
            HttpResponse<String> stored = publish(firstApi, service(), user, shipped, "{\"order\":42}");
            assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
            String eventId = json(stored).get("eventId").asString();
            HttpResponse<String> repeated = publish(secondApi, service(), user, shipped, "{\"order\":42}");
            assertThat(repeated.statusCode()).isEqualTo(200);
            assertThat(json(repeated).get("eventId").asString()).isEqualTo(eventId);
            assertProblem(publish(firstApi, service(), user, shipped, "{\"order\":43}"), 409, "conflict");
            String delivered = newId();
            assertThat(publish(secondApi, service(), user, delivered, "{}").statusCode()).isEqualTo(202);
            for (WsClient socket : List.of(laptopSocket, phoneSocket)) {
                await().until(() -> events(socket).contains(delivered));
                assertThat(events(socket)).containsExactly(shipped, delivered);
                JsonNode frame = socket.frames("event").get(0);
                assertThat(frame.get("eventId").asString()).isEqualTo(eventId);
                assertThat(frame.get("event").get("type").asString()).isEqualTo("order.shipped");
                assertThat(frame.get("event").get("data").get("order").asInt()).isEqualTo(42);
            }
            WsClient later = WsClient.hello(first.port(), laptop.token());
            try {
                await().until(() -> events(later).size() == 2);
                assertThat(events(later)).containsExactly(shipped, delivered);
            }
            finally {
                later.close();
            }
            assertThat(strangerSocket.frames("event")).isEmpty();
        }
        finally {
            laptopSocket.close();
            phoneSocket.close();
            strangerSocket.close();
        }
    }

    @Test
    void publish_needsTheScope_andAWellFormedBody() {
        String user = "gina-" + newId();
        assertProblem(publish(firstApi, provider.token(user), user, newId(), "{}"), 403, "forbidden");
        assertProblem(publish(firstApi, provider.token("svc", "other.scope"), user, newId(), "{}"), 403, "forbidden");
        assertProblem(firstApi.send(firstApi.request("/api/publish")
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))), 401, "unauthorized");
        Map<String, String> bad = Map.of("{\"id\":\"" + newId() + "\",\"event\":{\"type\":\"t\"}}", "userId",
                "{\"userId\":\"u\",\"id\":\"nope\",\"event\":{\"type\":\"t\"}}", "'id'",
                "{\"userId\":\"u\",\"id\":\"" + newId() + "\"}", "'event'",
                "{\"userId\":\"u\",\"id\":\"" + newId() + "\",\"event\":{\"type\":\"a b\"}}", "event.type",
                "{\"userId\":\"u\",\"id\":\"" + newId() + "\",\"event\":{\"type\":\"t\",\"data\":[1]}}", "event.data",
                "[1]", "single JSON object");
        bad.forEach((body, named) -> {
            HttpResponse<String> answer = firstApi.send(firstApi.request("/api/publish")
                .header("Authorization", "Bearer " + service())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
            assertProblem(answer, 400, "bad-request");
            assertThat(json(answer).get("detail").asString()).as(body).contains(named);
        });
    }

    private static String service() {
        return provider.token("order-service", "backchannel.publish");
    }

    private static HttpResponse<String> publish(HttpApi api, String token, String user, String id, String data) {
        String body = "{\"userId\":\"" + user + "\",\"id\":\"" + id
                + "\",\"event\":{\"type\":\"order.shipped\",\"data\":" + data + "}}";
        return api.send(api.request("/api/publish")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static List<String> events(WsClient socket) {
        return socket.frames("event").stream().map((f) -> f.get("id").asString()).toList();
    }

    /** A token that expires two seconds from now. */
    private static String shortLived(String user) {
        return provider.signed(provider.claims(user).expirationTime(Date.from(Instant.now().plusSeconds(2))).build());
    }

    private static Session session(String user) {
        return new Session(ClientId.forUser(user).value(), provider.token(user));
    }

    private static java.net.http.HttpRequest.Builder cancel(HttpApi api, Session session, String id) {
        return api.request("/api/requests/" + id).header("Authorization", "Bearer " + session.token()).DELETE();
    }

}

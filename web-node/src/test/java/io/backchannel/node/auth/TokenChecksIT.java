package io.backchannel.node.auth;

import java.util.List;
import java.time.Instant;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.node.HttpApi.Session;
import io.backchannel.node.LiveNode;
import io.backchannel.node.LiveServices;
import io.backchannel.node.TestTokens;
import io.backchannel.node.WsClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.backchannel.node.HttpApi.assertProblem;
import static io.backchannel.node.HttpApi.body;
import static io.backchannel.node.HttpApi.json;
import static io.backchannel.node.HttpApi.newId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request and every hello verifies its token: expired tokens and tokens of unknown
 * secrets are refused (401 problem, close 1008), tokens of a previous secret are accepted
 * while it is configured.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=tokens-it", "backchannel.intake.job-types=tokens-probe",
                "backchannel.auth.previous-secrets=" + TokenChecksIT.PREVIOUS_SECRET })
class TokenChecksIT extends LiveNode {

    static final String PREVIOUS_SECRET = "the-previous-secret-of-the-tokens-it-0123";

    private static final String UNKNOWN_SECRET = "a-secret-no-node-of-this-test-knows-0123456";

    @Override
    protected List<String> testTypes() {
        return List.of("tokens-probe");
    }

    @Test
    void expiredToken_onHttp_is401Problem() {
        Session expired = token(LiveServices.SECRET, Instant.now().minusSeconds(1));
        var submit = this.api.submit(expired, body(newId(), "tokens-probe", "{}"));
        assertProblem(submit, 401, "unauthorized");
        assertThat(json(submit).get("detail").asString()).contains("expired");
        assertProblem(this.api.get(expired, newId()), 401, "unauthorized");
    }

    @Test
    void expiredToken_onHello_isClosedWith1008BadToken() {
        WsClient socket = WsClient.hello(this.port, token(LiveServices.SECRET, Instant.now().minusSeconds(1)).token());
        socket.awaitClose();
        assertThat(socket.closeCode()).isEqualTo(1008);
        assertThat(socket.welcome()).isNull();
        assertThat(socket.errorCodes()).containsExactly("bad_token");
    }

    @Test
    void tokenOfAPreviousSecret_isAcceptedOnHttpAndHello_andRenewedWithTheCurrentSecret() {
        Session old = token(PREVIOUS_SECRET, Instant.now().plusSeconds(3600));
        String id = newId();
        assertThat(this.api.submit(old, body(id, "tokens-probe", "{}")).statusCode()).isEqualTo(202);
        assertThat(this.api.get(old, id).statusCode()).isEqualTo(200);
        WsClient socket = WsClient.hello(this.port, old.token());
        assertThat(socket.welcome()).isNotNull();
        assertThat(socket.welcome().get("clientId").asString()).isEqualTo(old.clientId());
        socket.close();

        var renewed = json(this.api.send(this.api.request("/api/sessions")
            .header("Authorization", "Bearer " + old.token())
            .POST(java.net.http.HttpRequest.BodyPublishers.noBody())));
        assertThat(renewed.get("clientId").asString()).isEqualTo(old.clientId());
        Instant expiry = Instant.parse(renewed.get("expiresAt").asString());
        assertThat(renewed.get("token").asString())
            .isEqualTo(TestTokens.sign(LiveServices.SECRET, old.clientId(), expiry));
    }

    @Test
    void tokenOfAnUnknownSecret_isRefusedOnHttpAndHello() {
        Session foreign = token(UNKNOWN_SECRET, Instant.now().plusSeconds(3600));
        assertProblem(this.api.submit(foreign, body(newId(), "tokens-probe", "{}")), 401, "unauthorized");
        assertProblem(this.api.get(foreign, newId()), 401, "unauthorized");
        WsClient socket = WsClient.hello(this.port, foreign.token());
        socket.awaitClose();
        assertThat(socket.closeCode()).isEqualTo(1008);
        assertThat(socket.errorCodes()).containsExactly("bad_token");
    }

    private static Session token(String secret, Instant expiresAt) {
        String client = ClientId.random().value();
        return new Session(client, TestTokens.sign(secret, client, expiresAt));
    }

}

package io.backchannel.load.client;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.load.rawhttp.FakeHttpServer;
import io.backchannel.load.rawhttp.FakeHttpServer.Reply;
import io.backchannel.load.rawhttp.FakeHttpServer.Request;
import io.backchannel.load.rawhttp.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTests {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(40),
            Duration.ofSeconds(1));

    private final Api api = new Api(RawHttp.create(), QUICK);

    private final CorrelationId id = CorrelationId.of(UUID.randomUUID().toString());

    private FakeHttpServer server;

    @AfterEach
    void stop() throws Exception {
        this.api.close();
        this.server.close();
    }

    @Test
    void a503WithRetryAfter_isSentAgain_withTheSameCorrelationId() throws Exception {
        serve((request) -> (this.server.requests.size() == 1) ? Reply.json(503, "{}", "Retry-After: 0\r\n")
                : Reply.json(202, "{}"));
        Submission submission = submit();
        assertThat(submission.accepted()).isTrue();
        assertThat(submission.status()).isEqualTo(202);
        assertThat(submission.attempts()).isEqualTo(2);
        assertThat(submission.detail()).isNull();
        assertThat(this.server.requests).hasSize(2);
        assertThat(this.server.requests.get(0).body()).contains("\"correlationId\":\"" + this.id.value() + "\"")
            .isEqualTo(this.server.requests.get(1).body());
        assertThat(this.server.accepted).hasValue(1);
        assertThat(this.api.retried()).isEqualTo(Map.of("503", 1L));
    }

    @Test
    void aConnectionClosedBeforeTheAnswer_isANetworkError_sentAgainOnANewConnection() throws Exception {
        serve((request) -> (request.connection() == 1) ? Reply.hangUp() : Reply.json(200, "{}"));
        Submission submission = submit();
        assertThat(submission.accepted()).isTrue();
        assertThat(submission.attempts()).isEqualTo(2);
        assertThat(this.server.requests).extracting(Request::connection).containsExactly(1, 2);
        assertThat(this.api.retried()).isEqualTo(Map.of("network", 1L));
    }

    @Test
    void retriesThatNeverGetThrough_giveUp_withTheLastAnswer() throws Exception {
        serve((request) -> Reply.json(429, "{\"title\":\"slow down\"}"));
        Submission submission = submit();
        assertThat(submission.outcome()).isEqualTo(Submission.Outcome.GAVE_UP);
        assertThat(submission.attempts()).isEqualTo(3);
        assertThat(submission.detail()).isEqualTo("HTTP 429 {\"title\":\"slow down\"}");
        assertThat(this.api.retried()).isEqualTo(Map.of("429", 2L));
    }

    @Test
    void aRefusal_isNotRetried() throws Exception {
        serve((request) -> Reply
            .raw("HTTP/1.1 401 \r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{\"a\":401}\r\n0\r\n\r\n"));
        Submission submission = submit();
        assertThat(submission.outcome()).isEqualTo(Submission.Outcome.REFUSED);
        assertThat(submission.attempts()).isEqualTo(1);
        assertThat(submission.detail()).isEqualTo("HTTP 401 {\"a\":401}");
        assertThat(this.api.retried()).isEmpty();
    }

    @Test
    void session_postsWithoutABody_andReadsTheGrant() throws Exception {
        serve((request) -> Reply.json(201,
                "{\"clientId\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"token\":\"v1.t\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}"));
        SessionGrant grant = this.api.session(this.server.base());
        assertThat(grant.token()).isEqualTo("v1.t");
        Request request = this.server.requests.get(0);
        assertThat(request.requestLine()).isEqualTo("POST /api/sessions HTTP/1.1");
        assertThat(request.head()).contains("Content-Length: 0\r\n").doesNotContain("Authorization");
    }

    private void serve(Function<Request, Reply> script) throws Exception {
        this.server = new FakeHttpServer(script);
    }

    private Submission submit() throws InterruptedException {
        return this.api.submit(this.server::base, "token", this.id, "echo",
                Json.mapper().createObjectNode().put("data", "x"));
    }

}

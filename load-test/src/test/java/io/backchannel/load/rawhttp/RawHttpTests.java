package io.backchannel.load.rawhttp;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.backchannel.load.rawhttp.FakeHttpServer.Reply;
import io.backchannel.load.rawhttp.FakeHttpServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

class RawHttpTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final RawHttp http = RawHttp.create();

    private FakeHttpServer server;

    @AfterEach
    void stop() throws Exception {
        this.http.close();
        if (this.server != null) {
            this.server.close();
        }
    }

    @Test
    void requests_goOutAsBytes_andReuseOneKeptAliveConnection() throws Exception {
        serve((request) -> Reply.json(202, "{\"n\":" + this.server.requests.size() + "}"));
        for (int i = 1; i <= 3; i++) {
            HttpAnswer answer = post("{\"i\":" + i + "}");
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.bodyText()).isEqualTo("{\"n\":" + i + "}");
        }
        assertThat(this.server.accepted).hasValue(1);
        assertThat(this.http.connects()).isEqualTo(1);
        Request first = this.server.requests.get(0);
        assertThat(first.requestLine()).isEqualTo("POST /api/requests HTTP/1.1");
        assertThat(first.head()).contains("Host: 127.0.0.1:" + this.server.base().getPort() + "\r\n",
                "Content-Type: application/json\r\n", "Authorization: Bearer t\r\n", "Content-Length: 7\r\n");
        assertThat(first.body()).isEqualTo("{\"i\":1}");
    }

    @Test
    void concurrentRequests_eachGetAConnectionOfTheirOwn_thenShareThem() throws Exception {
        serve((request) -> Reply.json(200, request.body()));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 3; round++) {
                List<Future<HttpAnswer>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String body = "{\"i\":" + i + "}";
                    answers.add(threads.submit((Callable<HttpAnswer>) () -> post(body)));
                }
                for (int i = 0; i < 8; i++) {
                    assertThat(answers.get(i).get().bodyText()).isEqualTo("{\"i\":" + i + "}");
                }
            }
        }
        assertThat(this.server.accepted.get()).isBetween(1, 24);
        assertThat(this.http.openConnections()).isEqualTo(this.server.accepted.get());
    }

    @Test
    void connectionClose_isHonoured_withANewConnectionForTheNextRequest() throws Exception {
        serve((request) -> Reply.json(202, "{}", "Connection: close\r\n"));
        assertThat(post("{}").close()).isTrue();
        await().atMost(WAIT).until(() -> this.http.openConnections() == 0);
        assertThat(post("{}").status()).isEqualTo(202);
        assertThat(this.server.accepted).hasValue(2);
    }

    @Test
    void aConnectionTheServerClosesWhileIdle_isDropped_andTheNextRequestOpensAnother() throws Exception {
        serve((request) -> Reply.json(202, "{}").thenClose());
        assertThat(post("{}").close()).isFalse();
        await().atMost(WAIT).until(() -> this.http.openConnections() == 0);
        assertThat(post("{}").status()).isEqualTo(202);
        assertThat(this.server.accepted).hasValue(2);
    }

    @Test
    void aConnectionClosedBeforeTheAnswer_failsTheRequest() throws Exception {
        serve((request) -> Reply.hangUp());
        assertThatIOException().isThrownBy(() -> post("{}"))
            .withMessageContaining("connection closed by the server before the answer");
        assertThat(this.http.openConnections()).isZero();
    }

    @Test
    void anAnswerCutShort_failsTheRequest() throws Exception {
        serve((request) -> Reply.raw("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nnot all").thenClose());
        assertThatIOException().isThrownBy(() -> post("{}")).withMessageContaining("during the answer");
    }

    @Test
    void chunkedAnswers_areReadWhole_andKeepTheConnection() throws Exception {
        serve((request) -> Reply
            .raw("HTTP/1.1 401 \r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
        HttpAnswer chunked = post("{}");
        assertThat(chunked.status()).isEqualTo(401);
        assertThat(chunked.bodyText()).isEqualTo("hello world");
        assertThat(post("{}").bodyText()).isEqualTo("hello world");
        assertThat(this.server.accepted).hasValue(1);
    }

    @Test
    void anAnswerToTheEndOfTheConnection_isReadWhole() throws Exception {
        serve((request) -> Reply.raw("HTTP/1.1 500 \r\n\r\nuntil the end").thenClose());
        HttpAnswer answer = post("{}");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.bodyText()).isEqualTo("until the end");
        assertThat(answer.close()).isTrue();
    }

    @Test
    void noAnswerWithinTheTimeout_failsTheRequest_andClosesItsConnection() throws Exception {
        serve((request) -> Reply.never());
        long start = System.nanoTime();
        assertThatExceptionOfType(HttpTimeoutException.class)
            .isThrownBy(() -> this.http.send(this.server.base(), "POST", "/x", "", new byte[0], Duration.ofMillis(300)))
            .withMessageContaining("no answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        await().atMost(WAIT).until(() -> this.server.ended.get() == 1);
        assertThat(this.http.openConnections()).isZero();
    }

    @Test
    void aServerThatIsNotThere_failsToConnect() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThatIOException().isThrownBy(
                () -> this.http.send(URI.create("http://127.0.0.1:" + port), "POST", "/", "", new byte[0], TIMEOUT));
    }

    @Test
    void aClosedClient_failsRequestsAtOnce() throws Exception {
        serve((request) -> Reply.json(202, "{}"));
        assertThat(post("{}").status()).isEqualTo(202);
        this.http.close();
        await().atMost(WAIT).until(() -> this.server.ended.get() == 1);
        assertThatIOException().isThrownBy(() -> post("{}")).withMessageContaining("the I/O loop stopped");
    }

    @Test
    void onlyPlainHttp_isSpoken() {
        assertThatExceptionOfType(IllegalArgumentException.class)
            .isThrownBy(() -> this.http.send(URI.create("https://127.0.0.1:1"), "POST", "/", "", new byte[0], TIMEOUT));
    }

    private void serve(Function<Request, Reply> script) throws IOException {
        this.server = new FakeHttpServer(script);
    }

    private HttpAnswer post(String json) throws IOException, InterruptedException {
        return this.http.send(this.server.base(), "POST", "/api/requests",
                "Content-Type: application/json\r\nAuthorization: Bearer t\r\n", json.getBytes(StandardCharsets.UTF_8),
                TIMEOUT);
    }

}

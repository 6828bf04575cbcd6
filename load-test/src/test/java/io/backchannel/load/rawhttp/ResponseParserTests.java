package io.backchannel.load.rawhttp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ResponseParserTests {

    private static final String TOMCAT_202 = """
            HTTP/1.1 202 \r
            X-Content-Type-Options: nosniff\r
            Location: /api/requests/3f2504e0-4f89-11d3-9a0c-0305e82c3301\r
            Content-Type: application/json\r
            Transfer-Encoding: chunked\r
            Date: Thu, 03 Dec 2026 09:29:53 GMT\r
            \r
            c;name=value\r
            {"status":"Q\r
            7\r
            UEUED"}\r
            0\r
            \r
            """;

    private final ResponseParser parser = new ResponseParser();

    @Test
    void chunkedAnswer_isJoined_withItsHeaders() throws IOException {
        HttpAnswer answer = parseWhole(TOMCAT_202);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.location()).isEqualTo("/api/requests/3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assertThat(answer.retryAfter()).isNull();
        assertThat(answer.close()).isFalse();
        assertThat(answer.bodyText()).isEqualTo("{\"status\":\"QUEUED\"}");
    }

    @Test
    void anAnswerInAnyPieces_readsTheSame_toTheByte() throws IOException {
        byte[] bytes = TOMCAT_202.getBytes(StandardCharsets.US_ASCII);
        for (int split = 1; split < bytes.length; split++) {
            this.parser.reset();
            assertThat(this.parser.feed(ByteBuffer.wrap(bytes, 0, split))).as("complete after %d bytes", split)
                .isFalse();
            ByteBuffer rest = ByteBuffer.wrap(bytes, split, bytes.length - split);
            assertThat(this.parser.feed(rest)).isTrue();
            assertThat(rest.hasRemaining()).isFalse();
            assertThat(this.parser.answer().bodyText()).isEqualTo("{\"status\":\"QUEUED\"}");
        }
        this.parser.reset();
        for (byte b : bytes) {
            this.parser.feed(ByteBuffer.wrap(new byte[] { b }));
        }
        assertThat(this.parser.answer().status()).isEqualTo(202);
    }

    @Test
    void contentLengthAnswer_endsAtItsLength_andLeavesWhatFollows() throws IOException {
        ByteBuffer in = ascii(
                "HTTP/1.1 503 Service Unavailable\r\nretry-after:  2 \r\ncontent-length: 5\r\n\r\nbusy!EXTRA");
        assertThat(this.parser.feed(in)).isTrue();
        HttpAnswer answer = this.parser.answer();
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.retryAfter()).isEqualTo("2");
        assertThat(answer.bodyText()).isEqualTo("busy!");
        assertThat(in.remaining()).isEqualTo(5);
    }

    @Test
    void connectionClose_andHttp10_endTheConnection_butKeepAliveOn10DoesNot() throws IOException {
        assertThat(parseWhole("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").close()).isTrue();
        this.parser.reset();
        assertThat(parseWhole("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").close()).isTrue();
        this.parser.reset();
        assertThat(parseWhole("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").close())
            .isFalse();
    }

    @Test
    void anAnswerWithoutLength_runsToTheEndOfTheConnection() throws IOException {
        assertThat(this.parser.feed(ascii("HTTP/1.1 200 OK\r\n\r\nall of "))).isFalse();
        assertThat(this.parser.feed(ascii("it"))).isFalse();
        assertThat(this.parser.endOfInput()).isTrue();
        HttpAnswer answer = this.parser.answer();
        assertThat(answer.bodyText()).isEqualTo("all of it");
        assertThat(answer.close()).isTrue();
    }

    @Test
    void informationalAnswers_areSkipped_andNoContentHasNoBody() throws IOException {
        ByteBuffer in = ascii("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
        assertThat(this.parser.feed(in)).isTrue();
        assertThat(this.parser.answer().status()).isEqualTo(204);
        assertThat(this.parser.answer().body()).isEmpty();
    }

    @Test
    void aTruncatedAnswer_isNotComplete_atTheEndOfTheConnection() throws IOException {
        assertThat(this.parser.started()).isFalse();
        assertThat(this.parser.feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"))).isFalse();
        assertThat(this.parser.started()).isTrue();
        assertThat(this.parser.endOfInput()).isFalse();
    }

    @Test
    void garbage_isRefused() {
        assertThatIOException().isThrownBy(() -> this.parser.feed(ascii("SSH-2.0-OpenSSH\r\n")))
            .withMessageContaining("not an HTTP/1.x status line");
        this.parser.reset();
        assertThatIOException()
            .isThrownBy(() -> this.parser.feed(ascii("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n")))
            .withMessageContaining("bad Content-Length");
        this.parser.reset();
        assertThatIOException()
            .isThrownBy(() -> this.parser
                .feed(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n")))
            .withMessageContaining("chunk data longer than its size");
        this.parser.reset();
        assertThatIOException()
            .isThrownBy(() -> this.parser.feed(ascii("HTTP/1.1 200 OK\r\nX: " + "y".repeat(20_000) + "\r\n\r\n")))
            .withMessageContaining("over");
    }

    private HttpAnswer parseWhole(String response) throws IOException {
        ByteBuffer in = ascii(response);
        assertThat(this.parser.feed(in)).isTrue();
        assertThat(in.hasRemaining()).isFalse();
        return this.parser.answer();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

}

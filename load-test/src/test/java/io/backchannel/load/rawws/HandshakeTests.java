package io.backchannel.load.rawws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeTests {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void accept_isRfc6455sExample() {
        assertThat(Handshake.accept(KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void request_asksForAnUpgrade() {
        String request = StandardCharsets.US_ASCII.decode(Handshake.request("127.0.0.1:8081", "/ws", KEY)).toString();
        assertThat(request).startsWith("GET /ws HTTP/1.1\r\n")
            .contains("Host: 127.0.0.1:8081\r\n", "Upgrade: websocket\r\n", "Sec-WebSocket-Key: " + KEY + "\r\n",
                    "Sec-WebSocket-Version: 13\r\n")
            .endsWith("\r\n\r\n");
    }

    @Test
    void headLength_findsTheBlankLine_orSaysItIsIncomplete() {
        ByteBuffer in = ByteBuffer
            .wrap("HTTP/1.1 101 \r\nA: b\r\n\r\n\u0081\u0000".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(Handshake.headLength(in)).isEqualTo(23);
        assertThat(Handshake.headLength(ByteBuffer.wrap("HTTP/1.1 101\r\n".getBytes(StandardCharsets.US_ASCII))))
            .isEqualTo(-1);
    }

    @Test
    void check_wants101_andTheRightAccept() throws IOException {
        Handshake.check(
                "HTTP/1.1 101 \r\nUpgrade: websocket\r\nsec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n",
                KEY);
        assertThatThrownBy(() -> Handshake.check("HTTP/1.1 503 Service Unavailable\r\n\r\n", KEY))
            .hasMessageContaining("503");
        assertThatThrownBy(() -> Handshake.check("HTTP/1.1 101\r\nSec-WebSocket-Accept: nope\r\n\r\n", KEY))
            .hasMessageContaining("wrong");
    }

}

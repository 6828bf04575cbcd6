package io.backchannel.node.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import io.backchannel.node.LiveNode;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The handshake keeps nothing a socket does not need for its life (every idle socket
 * holds what it kept): a browser's headers, cookies and query string are used for the
 * upgrade and then dropped, and permessage-deflate, which browsers always offer, is
 * declined.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=handshake-it", "backchannel.intake.job-types=handshake-probe" })
class LeanHandshakeIT extends LiveNode {

    @Autowired
    private OpenedSessions opened;

    @Override
    protected List<String> testTypes() {
        return List.of("handshake-probe");
    }

    @Test
    void browserHandshake_offeringCompression_opensUncompressed_andTheSocketIsWelcomed() throws IOException {
        String token = this.api.session().token();
        try (BrowserSocket socket = new BrowserSocket(this.port, "/ws?utm_source=probe")) {
            assertThat(socket.status()).isEqualTo(101);
            assertThat(socket.header("Sec-WebSocket-Extensions")).isNull();
            socket.sendText("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
            Frame welcome = socket.readFrame();
            // FIN and text, without RSV1 (a compressed message would have it).
            assertThat(welcome.first()).isEqualTo(0x81);
            assertThat(welcome.text()).contains("\"type\":\"welcome\"");
        }
    }

    @Test
    void session_keepsNoHandshakeHeadersAddressesQueryOrExtensions() throws IOException {
        try (BrowserSocket socket = new BrowserSocket(this.port, "/ws-probe?utm_source=probe&ref=abc")) {
            assertThat(socket.status()).isEqualTo(101);
            WebSocketSession session = await().atMost(Duration.ofSeconds(10))
                .until(this.opened::last, Objects::nonNull);
            assertThat(session.getHandshakeHeaders().headerNames()).isEmpty();
            assertThat(session.getRemoteAddress()).isNull();
            assertThat(session.getExtensions()).isEmpty();
            Session container = ((NativeWebSocketSession) session).getNativeSession(Session.class);
            assertThat(container.getNegotiatedExtensions()).isEmpty();
            assertThat(container.getQueryString()).isNull();
            assertThat(container.getRequestParameterMap()).isEmpty();
            assertThat(container.getRequestURI().getPath()).isEqualTo("/ws-probe");
        }
    }

    /**
     * A second endpoint with the node's handshake, whose handler keeps the last session
     * it was given, for the test to look at.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class ProbeEndpoint implements WebSocketConfigurer {

        private final HandshakeHandler handshakes;

        private final OpenedSessions opened;

        ProbeEndpoint(HandshakeHandler handshakes, OpenedSessions opened) {
            this.handshakes = handshakes;
            this.opened = opened;
        }

        @Override
        public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
            registry.addHandler(this.opened, "/ws-probe").setHandshakeHandler(this.handshakes);
        }

        @Bean
        static OpenedSessions openedSessions() {
            return new OpenedSessions();
        }

    }

    static class OpenedSessions extends TextWebSocketHandler {

        private final AtomicReference<WebSocketSession> last = new AtomicReference<>();

        @Override
        public void afterConnectionEstablished(WebSocketSession session) {
            this.last.set(session);
        }

        WebSocketSession last() {
            return this.last.get();
        }

    }

    record Frame(int first, String text) {
    }

    /**
     * A socket that opens as Chrome's do: its headers, cookies, and permessage-deflate
     * offered (the JDK's client may not send that header).
     */
    static final class BrowserSocket implements AutoCloseable {

        private final Socket socket;

        private final InputStream in;

        private final OutputStream out;

        private final String head;

        BrowserSocket(int port, String target) throws IOException {
            this.socket = new Socket("127.0.0.1", port);
            this.socket.setSoTimeout(10_000);
            this.in = this.socket.getInputStream();
            this.out = this.socket.getOutputStream();
            String host = "127.0.0.1:" + port;
            String request = "GET " + target + " HTTP/1.1\r\n" + "Host: " + host + "\r\n" + "Connection: Upgrade\r\n"
                    + "Pragma: no-cache\r\n" + "Cache-Control: no-cache\r\n"
                    + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/131.0.0.0 Safari/537.36\r\n" + "Upgrade: websocket\r\n" + "Origin: http://" + host
                    + "\r\n" + "Sec-WebSocket-Version: 13\r\n" + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
                    + "Accept-Language: en-US,en;q=0.9,de;q=0.8\r\n"
                    + "Cookie: _ga=GA1.1.1234567890.1700000000; session=3f9a1c0e7b2d4a6f; theme=dark\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n" + "\r\n";
            this.out.write(request.getBytes(StandardCharsets.US_ASCII));
            this.out.flush();
            this.head = readHead();
        }

        int status() {
            return Integer.parseInt(this.head.substring(9, 12));
        }

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return this.head.lines()
                .filter((line) -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map((line) -> line.substring(prefix.length()).trim())
                .findFirst()
                .orElse(null);
        }

        /** A masked text frame, as clients send them. */
        void sendText(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            this.out.write(frame.toByteArray());
            this.out.flush();
        }

        /** The next frame from the node (unmasked, shorter than 64 KiB). */
        Frame readFrame() throws IOException {
            int first = this.in.read();
            int length = this.in.read() & 0x7f;
            if (length == 126) {
                length = (this.in.read() << 8) | this.in.read();
            }
            return new Frame(first, new String(this.in.readNBytes(length), StandardCharsets.UTF_8));
        }

        private String readHead() throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int next = this.in.read();
                if (next < 0) {
                    break;
                }
                head.append((char) next);
            }
            return head.toString();
        }

        @Override
        public void close() throws IOException {
            this.socket.close();
        }

    }

}

package io.backchannel.node.session;

import java.util.List;
import java.util.Map;

import io.backchannel.node.LiveNode;
import io.backchannel.node.WsClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Origin check of the WebSocket handshake, against cross-site WebSocket hijacking: a
 * browser page of another site is refused; the node's own pages and the configured
 * origins pass; clients that send no Origin (not browsers) pass, and their token is what
 * counts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "backchannel.node.id=origin-it",
        "backchannel.intake.job-types=origin-probe", "backchannel.ws.allowed-origins=https://app.example.test" })
class OriginCheckIT extends LiveNode {

    @Override
    protected List<String> testTypes() {
        return List.of("origin-probe");
    }

    @Test
    void handshake_fromAForeignOrigin_isRefusedWith403() {
        assertThat(WsClient.handshakeStatus(this.port, Map.of("Origin", "https://evil.example.test"))).isEqualTo(403);
        assertThat(WsClient.handshakeStatus(this.port, Map.of("Origin", "null"))).isEqualTo(403);
    }

    @Test
    void handshake_fromAnAllowedOrigin_opens() {
        assertThat(WsClient.handshakeStatus(this.port, Map.of("Origin", "https://app.example.test"))).isEqualTo(101);
    }

    @Test
    void handshake_fromTheNodesOwnOrigin_opens() {
        assertThat(WsClient.handshakeStatus(this.port, Map.of("Origin", "http://127.0.0.1:" + this.port)))
            .isEqualTo(101);
    }

    @Test
    void handshake_withoutOrigin_opens_forNonBrowserClients() {
        assertThat(WsClient.handshakeStatus(this.port, Map.of())).isEqualTo(101);
    }

}

package io.backchannel.load.client;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodesTests {

    private final Nodes nodes = new Nodes(
            List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082")), null);

    @Test
    void node_goesRoundRobin() {
        assertThat(this.nodes.node(0)).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(this.nodes.node(3)).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(this.nodes.node(-1)).isEqualTo(URI.create("http://127.0.0.1:8082"));
    }

    @Test
    void requests_goThroughTheLoadBalancer_whenThereIsOne() {
        assertThat(this.nodes.direct()).contains(this.nodes.requestTarget());
        Nodes behindLb = new Nodes(this.nodes.direct(), URI.create("http://localhost:8080"));
        assertThat(behindLb.requestTarget()).isEqualTo(URI.create("http://localhost:8080"));
    }

    @Test
    void socketUri_isTheNodesWsPath() {
        assertThat(Nodes.socketUri(URI.create("http://127.0.0.1:8081")))
            .isEqualTo(URI.create("ws://127.0.0.1:8081/ws"));
        assertThat(Nodes.socketUri(URI.create("https://example.test")))
            .isEqualTo(URI.create("wss://example.test:443/ws"));
    }

}

package io.backchannel.load.client;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the cluster answers: its web nodes, each addressed directly, and optionally a
 * load balancer in front of them.
 *
 * @param direct the nodes' base URLs, for example {@code http://127.0.0.1:8081}
 * @param lb the load balancer's base URL, or null when there is none
 */
public record Nodes(List<URI> direct, URI lb) {

    public Nodes {
        direct = List.copyOf(direct);
        if (direct.isEmpty()) {
            throw new IllegalArgumentException("at least one node");
        }
    }

    /** The i-th node, round robin. */
    public URI node(int i) {
        return this.direct.get(Math.floorMod(i, this.direct.size()));
    }

    public URI randomNode() {
        return this.direct.get(ThreadLocalRandom.current().nextInt(this.direct.size()));
    }

    /** Where a request goes: through the load balancer if there is one, else any node. */
    public URI requestTarget() {
        return (this.lb != null) ? this.lb : randomNode();
    }

    /** {@code ws://host:port/ws} of a node's base URL. */
    public static URI socketUri(URI base) {
        return socketUri(base, "/ws");
    }

    /**
     * {@code ws://host:port} and {@code path} (with its query) of a node's base URL;
     * {@code wss} for https.
     */
    public static URI socketUri(URI base, String path) {
        Objects.requireNonNull(base.getHost(), "host");
        String scheme = "https".equals(base.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + "://" + base.getHost() + ":" + port(base) + path);
    }

    public static int port(URI base) {
        if (base.getPort() > 0) {
            return base.getPort();
        }
        return "https".equals(base.getScheme()) ? 443 : 80;
    }

}

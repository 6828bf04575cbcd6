package io.backchannel.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.backchannel.load.client.Api;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.Tally;

/**
 * Options every scenario understands.
 *
 * @param nodes the web nodes, directly ({@code --nodes}, default
 * http://127.0.0.1:8081,8082,8083): sockets are spread over them, and requests go to a
 * random one unless {@code --lb} is given
 * @param lb the load balancer ({@code --lb}); when given, requests go through it
 * @param progress how often a progress line is printed ({@code --progress}, default 2 s)
 * @param timeout how long an accepted request may wait for its terminal update before it
 * counts as lost ({@code --timeout}, default 15 s)
 * @param out the results file ({@code --out}), or null for
 * load-test/target/results/&lt;scenario&gt;-&lt;timestamp&gt;.json
 */
public record Common(Nodes nodes, URI lb, Duration progress, Duration timeout, Path out) {

    static final String HELP = """
              --nodes=URLs        web nodes, comma-separated; a bare port reuses the host before it
                                  (default http://127.0.0.1:8081,8082,8083)
              --lb=URL            send requests through this load balancer instead of random nodes
              --progress=2s       how often to print a progress line
              --timeout=15s       an accepted request with no terminal update after this is lost
              --out=FILE          results file (default load-test/target/results/<scenario>-<time>.json)
            """;

    static Common from(Args args) {
        List<URI> nodes = args.uris("nodes", Args.parseUris("http://127.0.0.1:8081,8082,8083"));
        URI lb = args.uri("lb", null);
        Duration progress = args.duration("progress", Duration.ofSeconds(2));
        Duration timeout = args.duration("timeout", Duration.ofSeconds(15));
        String out = args.string("out", null);
        return new Common(new Nodes(nodes, lb), lb, progress, timeout, (out != null) ? Path.of(out) : null);
    }

    /**
     * Opens {@code clients} clients spread over the nodes, each waiting at most
     * {@link #timeout} for its welcome, and says so.
     */
    public Fleet openFleet(Api api, int clients, Tally tally) throws InterruptedException {
        System.out.printf("opening %d clients on %s%n", clients, this.nodes.direct());
        return Fleet.open(api, this.nodes, clients, tally, RetryPolicy.defaults(), this.timeout);
    }

}

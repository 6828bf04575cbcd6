package io.backchannel.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.backchannel.load.client.Api;
import io.backchannel.load.client.Client;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.LoadClient;
import io.backchannel.load.client.LoadClient.SubmitPath;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.Tally;
import io.backchannel.load.cpu.CpuMeter;
import io.backchannel.load.socketio.BaselineClient;

/**
 * Options every scenario understands.
 *
 * @param system which system to drive ({@code --system}, default backchannel)
 * @param nodes the web nodes, directly ({@code --nodes}, default
 * http://127.0.0.1:8081,8082,8083, or 3101,3102,3103 for the baseline): sockets are
 * spread over them, and requests go to a random one unless {@code --lb} is given
 * @param lb the load balancer ({@code --lb}); when given, requests go through it
 * @param progress how often a progress line is printed ({@code --progress}, default 2 s)
 * @param timeout how long an accepted request may wait for its terminal update before it
 * counts as lost ({@code --timeout}, default 15 s)
 * @param out the results file ({@code --out}), or null for
 * load-test/target/results/&lt;scenario&gt;-&lt;timestamp&gt;.json
 * @param cpu the processes whose CPU time is measured over a scenario's window
 * ({@code --cpu}), this one included; none when not given
 * @param submitOver which way Backchannel's clients send requests ({@code --submit-over},
 * default http): {@code POST /api/requests}, or a {@code submit} frame on the client's
 * own socket
 */
public record Common(SystemUnderTest system, Nodes nodes, URI lb, Duration progress, Duration timeout, Path out,
        CpuMeter.Groups cpu, SubmitPath submitOver) {

    static final String HELP = """
              --system=backchannel  backchannel, or baseline (the Socket.IO stack of load-test/baseline)
              --nodes=URLs        web nodes, comma-separated; a bare port reuses the host before it
                                  (default http://127.0.0.1:8081,8082,8083; baseline 3101,3102,3103)
              --lb=URL            send requests through this load balancer instead of random nodes
              --progress=2s       how often to print a progress line
              --timeout=15s       an accepted request with no terminal update after this is lost
              --out=FILE          results file (default load-test/target/results/<scenario>-<time>.json)
              --cpu=GROUPS        CPU time per job of these processes over the measured window (throughput,
                                  latency; connections: per idle socket over each idle period):
                                  name:pid+pid,name:pid... (this load generator is added as 'driver')
              --submit-over=http  backchannel only: http (POST /api/requests), or socket (a submit frame on
                                  the client's own socket)
            """;

    static Common from(Args args) {
        SystemUnderTest system = SystemUnderTest.of(args.string("system", SystemUnderTest.BACKCHANNEL.wire()));
        List<URI> nodes = args.uris("nodes", system.defaultNodes());
        URI lb = args.uri("lb", null);
        Duration progress = args.duration("progress", Duration.ofSeconds(2));
        Duration timeout = args.duration("timeout", Duration.ofSeconds(15));
        String out = args.string("out", null);
        CpuMeter.Groups cpu = args.typed("cpu", CpuMeter.Groups.none(), CpuMeter.Groups::parse);
        SubmitPath submitOver = args.typed("submit-over", SubmitPath.HTTP, SubmitPath::of);
        if (submitOver == SubmitPath.SOCKET && system != SystemUnderTest.BACKCHANNEL) {
            throw new UsageException("--submit-over=socket: only Backchannel takes requests over its sockets");
        }
        return new Common(system, new Nodes(nodes, lb), lb, progress, timeout, (out != null) ? Path.of(out) : null, cpu,
                submitOver);
    }

    /**
     * Opens {@code clients} clients of the system under test spread over the nodes, each
     * waiting at most {@link #timeout} for its welcome, and says so.
     */
    public Fleet<? extends Client> openFleet(Api api, int clients, Tally tally) throws InterruptedException {
        System.out.printf("opening %d %s clients on %s%s%n", clients, this.system.wire(), this.nodes.direct(),
                (this.submitOver == SubmitPath.SOCKET) ? ", sending requests over their sockets" : "");
        return switch (this.system) {
            case BACKCHANNEL -> Fleet.open(clients, (i, socketNodes) -> LoadClient.open(api, this.nodes.node(i),
                    socketNodes, tally, RetryPolicy.defaults(), this.timeout, this.submitOver), this.nodes);
            case BASELINE -> Fleet.open(clients, (i, socketNodes) -> BaselineClient.open(api, socketNodes, tally,
                    RetryPolicy.defaults(), this.timeout), this.nodes);
        };
    }

}

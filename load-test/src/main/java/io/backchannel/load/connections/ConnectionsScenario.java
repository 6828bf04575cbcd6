package io.backchannel.load.connections;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.backchannel.load.Args;
import io.backchannel.load.Common;
import io.backchannel.load.Scenario;
import io.backchannel.load.UsageException;

/**
 * {@code connections}: idle sockets to ONE node, in steps (each socket its own session,
 * bound to a source address in 127.0.0.0/8 to get past one address's ephemeral ports); at
 * each step the node's live heap after a full GC and its resident memory, per socket, the
 * CPU of the {@code --cpu} groups while the sockets idle, and proof that updates still
 * reach a sample of the sockets.
 */
public final class ConnectionsScenario implements Scenario {

    /** The target of docs/performance.md at 50,000 sockets. */
    static final double TARGET_HEAP_KIB_PER_SOCKET = 10;

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public String summary() {
        return "idle sockets on one node: heap, RSS and idle CPU per socket, updates still delivered";
    }

    @Override
    public String help() {
        return """
                  --node=URL          the node to load (default: the first of --nodes)
                  --counts=10000,25000,50000  sockets at each step
                  --pid=N             the node's process id, for heap (jcmd) and RSS (/proc)
                  --pid-file=run/pids/node-1.pid  where to read it when --pid is not given
                  --sample=100        sockets that each get one echo job per step
                  --source=127.0.1.1  first source address; the next ones follow
                  --per-source=5000   sockets per source address
                  --handshakes=200    sockets between connect and welcome at a time
                  --settle=120s       longest wait for a step's sockets to open
                  --idle=10s          how long the sockets stay idle before each measurement
                  --cpu=GROUPS        (common option) here measured over each step's idle period, from 1 s in to
                                      its end: % of a core and microseconds of CPU per socket per second, of each
                                      group and of this load generator ('driver', also without --cpu)
                """;
    }

    @Override
    public Run configure(Args args, Common common) {
        URI node = args.uri("node", common.nodes().node(0));
        List<Integer> counts = args.integers("counts", List.of(10_000, 25_000, 50_000), 1)
            .stream()
            .sorted()
            .distinct()
            .toList();
        Long pid = args.has("pid") ? (long) args.integer("pid", 0, 1) : null;
        Path pidFile = Path.of(args.string("pid-file", "run/pids/node-1.pid"));
        int perSource = args.integer("per-source", 5000, 1);
        int ports = FdLimits.ephemeralPorts();
        if (ports > 0 && perSource > ports) {
            throw new UsageException("--per-source=" + perSource + " is more than the " + ports
                    + " ephemeral ports one source address has");
        }
        SourceAddresses sources;
        try {
            sources = new SourceAddresses(args.string("source", "127.0.1.1"), perSource);
        }
        catch (IllegalArgumentException ex) {
            throw new UsageException("--source: " + ex.getMessage());
        }
        Settings settings = new Settings(node, counts, pid, pidFile, args.integer("sample", 100, 0), sources,
                args.integer("handshakes", 200, 1), args.duration("settle", Duration.ofSeconds(120)),
                args.duration("idle", Duration.ofSeconds(10)));
        return () -> new ConnectionsRun(settings, common).run();
    }

    record Settings(URI node, List<Integer> counts, Long pid, Path pidFile, int sample, SourceAddresses sources,
            int handshakes, Duration settle, Duration idle) {

    }

}

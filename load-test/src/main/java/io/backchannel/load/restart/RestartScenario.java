package io.backchannel.load.restart;

import java.net.URI;
import java.time.Duration;

import io.backchannel.load.Args;
import io.backchannel.load.Common;
import io.backchannel.load.Scenario;
import io.backchannel.load.Traffic;
import io.backchannel.load.UsageException;

/**
 * {@code restart}: many idle sockets through the front door (each its own session), then
 * a command restarts one node (a rolling deploy's step), and the sockets it held move to
 * the others. Reports how long each took to be welcomed again, how many connection
 * attempts failed, whether any was refused with 1013, and the latency of a steady stream
 * of requests from other clients before and during the move. The sockets may be spread
 * over several processes ({@code --generators}), as many as the open-file limit of one
 * process calls for; the report covers them all.
 */
public final class RestartScenario implements Scenario {

    /** Issue 15's figure: every moved socket back, reconnect p99 under 2 s. */
    static final Duration TARGET_RECONNECT_P99 = Duration.ofSeconds(2);

    @Override
    public String name() {
        return "restart";
    }

    @Override
    public String summary() {
        return "sockets through the front door while a node restarts: reconnects, refusals, latency meanwhile";
    }

    @Override
    public String help() {
        return """
                  --sockets=10000     idle sockets opened through --lb (required), each its own session
                  --restart=COMMAND   the shell command that restarts one node and returns once it is back
                                      (e.g. "deploy/local/cluster.sh restart node-2")
                  --generators=1      processes the sockets are split over: this one and generators-1 copies of
                                      it (same java, heap options and jar), as a process holds one open file
                                      per socket and its open-file limit (ulimit -Hn) may be below --sockets
                  --handshakes=200    sessions and sockets being opened at a time, by all processes together
                  --calm=10s          traffic before the restart
                  --settle=60s        longest wait, once the command is done, for the moved sockets
                  --rate=50           background requests a second, from --clients other clients
                  --clients=50        their sockets are spread over --nodes
                """ + Traffic.HELP;
    }

    @Override
    public Run configure(Args args, Common common) {
        URI lb = common.lb();
        if (lb == null) {
            throw new UsageException("restart: --lb is required; the sockets go through the front door");
        }
        String restart = args.string("restart", null);
        if (restart == null || restart.isBlank()) {
            throw new UsageException("restart: --restart=COMMAND is required");
        }
        int sockets = args.integer("sockets", 10_000, 1);
        int generators = args.integer("generators", 1, 1);
        if (generators > sockets) {
            throw new UsageException(
                    "restart: --generators=" + generators + " is more than the " + sockets + " sockets");
        }
        Settings settings = new Settings(lb, sockets, generators, restart, args.integer("handshakes", 200, 1),
                args.duration("calm", Duration.ofSeconds(10)), args.duration("settle", Duration.ofSeconds(60)),
                args.number("rate", 50), args.integer("clients", 50, 1), Traffic.from(args));
        return () -> new RestartRun(settings, common).run();
    }

    record Settings(URI lb, int sockets, int generators, String restart, int handshakes, Duration calm, Duration settle,
            double rate, int clients, Traffic traffic) {

    }

}

package io.backchannel.load.restart;

import java.net.URI;

import io.backchannel.load.Args;
import io.backchannel.load.Common;
import io.backchannel.load.Scenario;
import io.backchannel.load.UsageException;

/**
 * {@code restart-sockets}: one load generator of a {@code restart --generators=N} run, a
 * process of its own so that the sockets of a large run fit under the open-file limit of
 * a process. It opens its share of the sockets, reports on its standard output
 * ({@link ShareLines}), and ends when its standard input has a line or ends. Started by
 * {@link Generators}, not by hand.
 */
public final class RestartSocketsScenario implements Scenario {

    @Override
    public String name() {
        return "restart-sockets";
    }

    @Override
    public String summary() {
        return "one load generator's share of restart's sockets (started by restart --generators)";
    }

    @Override
    public String help() {
        return """
                  --sockets=N         idle sockets opened through --lb (required), each its own session
                  --handshakes=100    sessions and sockets being opened at a time
                """;
    }

    @Override
    public boolean internal() {
        return true;
    }

    @Override
    public Run configure(Args args, Common common) {
        URI lb = common.lb();
        if (lb == null) {
            throw new UsageException("restart-sockets: --lb is required; the sockets go through the front door");
        }
        if (!args.has("sockets")) {
            throw new UsageException("restart-sockets: --sockets=N is required");
        }
        int sockets = args.integer("sockets", 0, 1);
        int handshakes = args.integer("handshakes", 100, 1);
        return () -> new GeneratorRun(lb, sockets, handshakes).run();
    }

}

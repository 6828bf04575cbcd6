package io.backchannel.load.crossnode;

import java.time.Duration;

import io.backchannel.load.Args;
import io.backchannel.load.Common;
import io.backchannel.load.Scenario;
import io.backchannel.load.Traffic;

/**
 * {@code cross-node}: steady traffic from clients whose sockets are spread over the nodes
 * and whose requests go to random nodes; counts the deliveries by the path in each
 * update's route (local, backplane, replay), times each path, and reads the backplane's
 * own latency ({@code backchannel_backplane_latency_seconds}) and the nodes' delivery
 * counters from every node's Prometheus endpoint before and after.
 */
public final class CrossNodeScenario implements Scenario {

    @Override
    public String name() {
        return "cross-node";
    }

    @Override
    public String summary() {
        return "share of deliveries local vs over the backplane, and the backplane's latency";
    }

    @Override
    public String help() {
        return """
                  --rate=200          requests per second (open loop)
                  --clients=30        clients; their sockets are spread over --nodes
                  --duration=15s      how long to send
                """ + Traffic.HELP;
    }

    @Override
    public Run configure(Args args, Common common) {
        Settings settings = new Settings(args.number("rate", 200), args.integer("clients", 30, 1),
                args.duration("duration", Duration.ofSeconds(15)), Traffic.from(args));
        return () -> new CrossNodeRun(settings, common).run();
    }

    record Settings(double rate, int clients, Duration duration, Traffic traffic) {

    }

}

package io.backchannel.load.crossnode;

import java.net.URI;
import java.time.Duration;
import java.util.List;

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
                  --metrics=URL,...   the nodes' management addresses (their /actuator/prometheus,
                                      for the backplane latency); without it the nodes' metrics are not read
                """ + Traffic.HELP;
    }

    @Override
    public Run configure(Args args, Common common) {
        Settings settings = new Settings(args.number("rate", 200), args.integer("clients", 30, 1),
                args.duration("duration", Duration.ofSeconds(15)), Traffic.from(args), args.uris("metrics", List.of()));
        return () -> new CrossNodeRun(settings, common).run();
    }

    record Settings(double rate, int clients, Duration duration, Traffic traffic, List<URI> metrics) {

    }

}

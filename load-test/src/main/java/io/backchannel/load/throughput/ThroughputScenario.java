package io.backchannel.load.throughput;

import java.time.Duration;

import io.backchannel.load.Args;
import io.backchannel.load.Common;
import io.backchannel.load.Scenario;
import io.backchannel.load.Traffic;

/**
 * {@code throughput}: K clients, each with its own session and socket (spread over the
 * nodes), each keeping a few requests in flight (closed loop: the next request leaves
 * when a terminal update came back). Completed jobs per second are counted over the
 * window after the warm-up.
 */
public final class ThroughputScenario implements Scenario {

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public String summary() {
        return "completed jobs/s with K clients submitting as fast as the cluster accepts";
    }

    @Override
    public String help() {
        return """
                  --clients=50        clients, each with its own session and socket
                  --inflight=4        requests each client keeps in flight
                  --warmup=5s         not counted
                  --duration=20s      the measured window after the warm-up
                """ + Traffic.HELP;
    }

    @Override
    public Run configure(Args args, Common common) {
        Settings settings = new Settings(args.integer("clients", 50, 1), args.integer("inflight", 4, 1),
                args.duration("warmup", Duration.ofSeconds(5)), args.duration("duration", Duration.ofSeconds(20)),
                Traffic.from(args));
        return () -> new ThroughputRun(settings, common).run();
    }

    record Settings(int clients, int inflight, Duration warmup, Duration duration, Traffic traffic) {

    }

}

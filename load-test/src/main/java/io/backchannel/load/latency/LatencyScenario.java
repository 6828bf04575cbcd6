package io.backchannel.load.latency;

import java.time.Duration;

import io.backchannel.load.Args;
import io.backchannel.load.Common;
import io.backchannel.load.Scenario;
import io.backchannel.load.Traffic;

/**
 * {@code latency}: requests at a fixed rate from K clients, open loop (each request has
 * its due time and is timed from it), reporting submit to terminal, submit to 202 and 202
 * to terminal, and every lost or duplicated job.
 */
public final class LatencyScenario implements Scenario {

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String summary() {
        return "submit->terminal percentiles at a fixed rate (open loop), lost and duplicate jobs";
    }

    @Override
    public String help() {
        return """
                  --rate=100          requests per second, all clients together
                  --clients=50        clients, each with its own session and socket; request i uses client i mod K
                  --warmup=5s         sent but not measured
                  --duration=20s      measured
                """ + Traffic.HELP;
    }

    @Override
    public Run configure(Args args, Common common) {
        Settings settings = new Settings(args.number("rate", 100), args.integer("clients", 50, 1),
                args.duration("warmup", Duration.ofSeconds(5)), args.duration("duration", Duration.ofSeconds(20)),
                Traffic.from(args));
        return () -> new LatencyRun(settings, common).run();
    }

    record Settings(double rate, int clients, Duration warmup, Duration duration, Traffic traffic) {

    }

}

package io.backchannel.load;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.backchannel.load.report.Table;

/**
 * Backchannel's targets, as docs/performance.md states them; the baseline has none.
 */
public final class Targets {

    /**
     * End-to-end throughput, at least this share of the baseline's on the same machine.
     */
    public static final double THROUGHPUT_VS_BASELINE = 0.6;

    /** End-to-end throughput, at least this share of PerfTest's single-queue rate. */
    public static final double THROUGHPUT_VS_PERFTEST = 0.35;

    /** CPU per job, all processes together, in ms. */
    public static final double CPU_PER_JOB_MS = 1.2;

    /** RabbitMQ's CPU per job, in ms. */
    public static final double RABBITMQ_CPU_PER_JOB_MS = 0.45;

    /** Heap per idle socket, KiB. */
    public static final double HEAP_PER_SOCKET_KIB = 10;

    /** Submit to terminal update, open loop, at the rates that have a target. */
    public static final List<LatencyTarget> LATENCY = List.of(new LatencyTarget(100, 3.0, 8.0),
            new LatencyTarget(400, null, 15.0));

    private Targets() {
    }

    /** The latency target at {@code rate} jobs/s, if there is one. */
    public static Optional<LatencyTarget> latencyAt(double rate) {
        return LATENCY.stream().filter((target) -> target.rate() == rate).findFirst();
    }

    /**
     * Submit to terminal update at a fixed rate.
     *
     * @param rate jobs per second
     * @param p50Ms the median at most, or null when it has no target
     * @param p99Ms the 99th percentile at most, or null when it has no target
     */
    public record LatencyTarget(double rate, Double p50Ms, Double p99Ms) {

        public boolean p50Met(double p50) {
            return this.p50Ms == null || p50 <= this.p50Ms;
        }

        public boolean p99Met(double p99) {
            return this.p99Ms == null || p99 <= this.p99Ms;
        }

        @Override
        public String toString() {
            String p50 = (this.p50Ms != null) ? "p50 <= " + Table.format(this.p50Ms) + " ms" : null;
            String p99 = (this.p99Ms != null) ? "p99 <= " + Table.format(this.p99Ms) + " ms" : null;
            return String.join(" and ", Stream.of(p50, p99).filter(Objects::nonNull).toList()) + " at "
                    + Table.format(this.rate) + " jobs/s";
        }

    }

}

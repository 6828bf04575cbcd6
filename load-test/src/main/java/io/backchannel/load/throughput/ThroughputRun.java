package io.backchannel.load.throughput;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.backchannel.load.Common;
import io.backchannel.load.Report;
import io.backchannel.load.TallyChecks;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.Client;
import io.backchannel.load.client.Completion;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.Tally;
import io.backchannel.load.client.TallyCounts;
import io.backchannel.load.cpu.CpuMeter;
import io.backchannel.load.report.Latency;
import io.backchannel.load.report.Progress;
import io.backchannel.load.throughput.ThroughputScenario.Settings;

/**
 * One run of the throughput scenario.
 */
class ThroughputRun {

    private final Settings settings;

    private final Common common;

    private final Api api = Api.create(RetryPolicy.defaults());

    private final Latency latency = new Latency();

    private final AtomicLong inWindow = new AtomicLong();

    private final AtomicLong refused = new AtomicLong();

    private volatile long windowStart = Long.MAX_VALUE;

    private volatile long windowEnd = Long.MAX_VALUE;

    ThroughputRun(Settings settings, Common common) {
        this.settings = settings;
        this.common = common;
    }

    Report run() throws InterruptedException {
        Tally tally = new Tally(this::completed);
        try (Fleet<? extends Client> fleet = this.common.openFleet(this.api, this.settings.clients(), tally)) {
            long start = System.nanoTime();
            this.windowStart = start + this.settings.warmup().toNanos();
            this.windowEnd = this.windowStart + this.settings.duration().toNanos();
            CpuMeter.Window cpu = CpuMeter.of(this.common.cpu()).window(this.windowStart, this.windowEnd);
            AtomicLong lastCompleted = new AtomicLong();
            List<Thread> loops = new ArrayList<>();
            try (Progress progress = Progress.every(this.common.progress(),
                    () -> progressLine(tally, fleet, lastCompleted))) {
                for (int c = 0; c < fleet.size(); c++) {
                    for (int i = 0; i < this.settings.inflight(); i++) {
                        Client client = fleet.client(c);
                        loops.add(Thread.ofVirtual().start(() -> loop(client)));
                    }
                }
                for (Thread loop : loops) {
                    loop.join();
                }
                progress.print("sending stopped; waiting up to " + this.common.timeout().toSeconds()
                        + " s for the last terminal updates");
                tally.awaitSettled(this.common.timeout());
            }
            return report(tally.counts(Duration.ZERO), fleet, cpu.usage(this.inWindow.get(), 10_000));
        }
    }

    private void loop(Client client) {
        while (System.nanoTime() < this.windowEnd) {
            try {
                Client.Sent sent = client.submit(this.common.nodes()::requestTarget, this.settings.traffic().type(),
                        this.settings.traffic().payload(), System.nanoTime());
                if (sent.submission().accepted()) {
                    sent.completion().get(this.common.timeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                else {
                    this.refused.incrementAndGet();
                    Thread.sleep(100);
                }
            }
            catch (InterruptedException ex) {
                return;
            }
            catch (TimeoutException | ExecutionException ex) {
                // counted as lost at the end, unless it still comes
            }
        }
    }

    private void completed(Completion completion) {
        if (completion.terminalAt() >= this.windowStart && completion.terminalAt() < this.windowEnd) {
            this.inWindow.incrementAndGet();
            this.latency.recordNanos(completion.totalNanos());
        }
    }

    private String progressLine(Tally tally, Fleet<?> fleet, AtomicLong lastCompleted) {
        long completed = tally.completed();
        long delta = completed - lastCompleted.getAndSet(completed);
        String phase = (System.nanoTime() < this.windowStart) ? "warm-up" : "measuring";
        return String.format("%-9s %7.0f jobs/s  completed %d  pending %d  refused %d  reconnects %d", phase,
                delta / (double) this.common.progress().toMillis() * 1000, completed, tally.pending(),
                this.refused.get(), fleet.reconnects());
    }

    private Report report(TallyCounts counts, Fleet<?> fleet, CpuMeter.Usage cpu) {
        double seconds = this.settings.duration().toNanos() / 1e9;
        double rate = this.inWindow.get() / seconds;
        Report report = new Report("throughput").figure("clients", this.settings.clients())
            .figure("inflightPerClient", this.settings.inflight())
            .figure("type", this.settings.traffic().type())
            .figure("warmupSeconds", this.settings.warmup().toNanos() / 1e9)
            .figure("measuredSeconds", seconds)
            .figure("completedInWindow", this.inWindow.get())
            .figure("jobsPerSecond", Math.round(rate * 10) / 10.0)
            .figure("latencyInWindow", this.latency.summary())
            .figure("reconnects", fleet.reconnects())
            .figure("tally", counts);
        report.table(String.format("throughput: %.1f jobs/s completed (terminal update on the socket) over %.0f s%n",
                rate, seconds) + Latency.table(Map.of("submit->terminal", this.latency)));
        if (cpu != null) {
            cpu.addTo(report);
        }
        TallyChecks.apply(report, counts, this.api.retried());
        if (this.inWindow.get() == 0) {
            report.fail("no job completed in the measured window");
        }
        return report;
    }

}

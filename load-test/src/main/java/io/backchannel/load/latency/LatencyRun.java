package io.backchannel.load.latency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.backchannel.load.Common;
import io.backchannel.load.Report;
import io.backchannel.load.SystemUnderTest;
import io.backchannel.load.Traffic;
import io.backchannel.load.TallyChecks;
import io.backchannel.load.Targets;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.Client;
import io.backchannel.load.client.Completion;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.SteadyRate;
import io.backchannel.load.client.Tally;
import io.backchannel.load.client.TallyCounts;
import io.backchannel.load.cpu.CpuMeter;
import io.backchannel.load.latency.LatencyScenario.Settings;
import io.backchannel.load.report.Latency;
import io.backchannel.load.report.Progress;

/**
 * One run of the latency scenario.
 */
class LatencyRun {

    private final Settings settings;

    private final Common common;

    private final Api api = Api.create(RetryPolicy.defaults());

    private final Latency total = new Latency();

    private final Latency submit = new Latency();

    private final Latency delivery = new Latency();

    private final Latency toApplied = new Latency();

    private final Latency fromApplied = new Latency();

    private final AtomicLong errors = new AtomicLong();

    private final AtomicLong terminalsInWindow = new AtomicLong();

    private volatile long measureFrom = Long.MAX_VALUE;

    private volatile long measureTo = Long.MAX_VALUE;

    LatencyRun(Settings settings, Common common) {
        this.settings = settings;
        this.common = common;
    }

    Report run() throws InterruptedException {
        Tally tally = new Tally(this::completed);
        try (Fleet<? extends Client> fleet = this.common.openFleet(this.api, this.settings.clients(), tally)) {
            this.measureFrom = System.nanoTime() + this.settings.warmup().toNanos();
            this.measureTo = this.measureFrom + this.settings.duration().toNanos();
            CpuMeter.Window cpu = CpuMeter.of(this.common.cpu()).window(this.measureFrom, this.measureTo);
            AtomicLong last = new AtomicLong();
            SteadyRate.Result sent;
            long unsent;
            try (Progress progress = Progress.every(this.common.progress(), () -> progressLine(tally, last))) {
                Duration sending = this.settings.warmup().plus(this.settings.duration());
                sent = SteadyRate.run(this.settings.rate(), sending,
                        (i, due) -> this.settings.traffic().send(fleet, this.common.nodes(), i, due, this.errors));
                unsent = this.settings.traffic().drain(sent.started(), sending.plus(this.common.timeout()), progress);
                progress.print("sending stopped; waiting up to " + this.common.timeout().toSeconds()
                        + " s for the last terminal updates");
                tally.awaitSettled(this.common.timeout());
            }
            return report(sent, unsent, tally.counts(Duration.ZERO), fleet,
                    cpu.usage(this.terminalsInWindow.get(), 10_000));
        }
    }

    private void completed(Completion completion) {
        if (completion.terminalAt() >= this.measureFrom && completion.terminalAt() < this.measureTo) {
            this.terminalsInWindow.incrementAndGet();
        }
        if (completion.submittedAt() >= this.measureFrom) {
            this.total.recordNanos(completion.totalNanos());
            this.submit.recordNanos(completion.submitNanos());
            this.delivery.recordNanos(completion.deliveryNanos());
            long applied = completion.appliedAt();
            if (applied > 0) {
                this.toApplied.recordNanos(Math.max(0, applied - completion.submittedAt()));
                this.fromApplied.recordNanos(Math.max(0, completion.terminalAt() - applied));
            }
        }
    }

    private String progressLine(Tally tally, AtomicLong last) {
        long completed = tally.completed();
        long delta = completed - last.getAndSet(completed);
        String phase = (System.nanoTime() < this.measureFrom) ? "warm-up" : "measuring";
        return String.format("%-9s %6.0f completed/s  pending %d  p50 %.2f ms  p99 %.2f ms (so far)", phase,
                delta * 1000.0 / this.common.progress().toMillis(), tally.pending(), this.total.percentile(50),
                this.total.percentile(99));
    }

    private Report report(SteadyRate.Result sent, long unsent, TallyCounts counts, Fleet<?> fleet, CpuMeter.Usage cpu) {
        double seconds = this.settings.warmup().plus(this.settings.duration()).toNanos() / 1e9;
        Map<String, Latency> rows = new LinkedHashMap<>();
        rows.put("submit->terminal", this.total);
        rows.put("submit->202", this.submit);
        rows.put("202->terminal", this.delivery);
        if (this.toApplied.count() > 0) {
            // Where the time goes: up to the node's step that applies the terminal update
            // (the intake, the broker both ways, the worker), and from it to the socket.
            rows.put("submit->applied (Redis ms clock)", this.toApplied);
            rows.put("applied->terminal (Redis ms clock)", this.fromApplied);
        }
        Report report = new Report("latency").figure("rate", this.settings.rate())
            .figure("clients", this.settings.clients())
            .figure("type", this.settings.traffic().type())
            .figure("warmupSeconds", this.settings.warmup().toNanos() / 1e9)
            .figure("measuredSeconds", this.settings.duration().toNanos() / 1e9)
            .figure("sent", sent.started())
            .figure("sentLate", sent.late())
            .figure("worstSendLagMs", sent.worstLagMillis())
            .figure("maxInFlight", this.settings.traffic().inFlight().max())
            .figure("neverSent", unsent)
            .figure("achievedRate", Math.round(sent.started() / seconds * 10) / 10.0)
            .figure("submitToTerminal", this.total.summary())
            .figure("submitTo202", this.submit.summary())
            .figure("acceptedToTerminal", this.delivery.summary())
            .figure("clientErrors", this.errors.get())
            .figure("reconnects", fleet.reconnects())
            .figure("tally", counts);
        if (this.toApplied.count() > 0) {
            report.figure("submitToApplied", this.toApplied.summary())
                .figure("appliedToTerminal", this.fromApplied.summary());
        }
        report.table(
                String.format("latency at %.0f requests/s (measured after %.0f s warm-up; from intended send time)%n",
                        this.settings.rate(), this.settings.warmup().toNanos() / 1e9) + Latency.table(rows));
        if (cpu != null) {
            cpu.addTo(report);
        }
        TallyChecks.apply(report, counts, this.api.retried());
        if (this.total.count() == 0) {
            report.fail("no request completed in the measured window");
        }
        checkTargets(report);
        if (sent.late() > sent.started() / 100) {
            report.note(sent.late() + " requests left more than 1 ms after their due time (worst "
                    + sent.worstLagMillis() + " ms): this machine is short of CPU; they are timed from their due time");
        }
        Traffic.failUnsent(report, unsent);
        if (this.errors.get() > 0) {
            report.fail(this.errors.get() + " request(s) failed inside the client");
        }
        return report;
    }

    private void checkTargets(Report report) {
        Targets.latencyAt(this.settings.rate())
            .filter((target) -> this.common.system() == SystemUnderTest.BACKCHANNEL)
            .ifPresent((target) -> {
                double p50 = this.total.percentile(50);
                double p99 = this.total.percentile(99);
                boolean met = target.p50Met(p50) && target.p99Met(p99);
                report.figure("targetMet", met);
                report.note(
                        String.format("target %s: %s (p50 %.2f, p99 %.2f)", target, met ? "met" : "NOT met", p50, p99));
            });
    }

}

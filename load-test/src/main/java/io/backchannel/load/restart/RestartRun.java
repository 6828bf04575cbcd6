package io.backchannel.load.restart;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.backchannel.load.Common;
import io.backchannel.load.Report;
import io.backchannel.load.TallyChecks;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.Client;
import io.backchannel.load.client.Completion;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.SteadyRate;
import io.backchannel.load.client.Tally;
import io.backchannel.load.report.Latency;
import io.backchannel.load.report.Progress;
import io.backchannel.load.report.Table;

/**
 * One run of the restart scenario. Its sockets are split over {@code --generators}
 * processes: this one holds the first share and runs the requests, the restart and the
 * report; the others ({@link Generators}) hold the rest and report on them.
 */
class RestartRun {

    /** A draining node closes with 1012; 1013 is a node refusing a socket for now. */
    private static final int GOING_AWAY = 1012;

    private static final int TRY_AGAIN_LATER = 1013;

    /** Generous: the generators open their shares alongside this process, at its pace. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    private static final Duration TOTALS_TIMEOUT = Duration.ofSeconds(60);

    private final RestartScenario.Settings settings;

    private final Common common;

    private final Api api = Api.create(RetryPolicy.defaults());

    private final Latency before = new Latency();

    private final Latency during = new Latency();

    private volatile long restartAt = Long.MAX_VALUE;

    /**
     * The restart's start in epoch nanoseconds, the clock the generators time their moves
     * by.
     */
    private volatile long restartEpochAt;

    private volatile long movedAt = Long.MAX_VALUE;

    private final AtomicLong clientErrors = new AtomicLong();

    RestartRun(RestartScenario.Settings settings, Common common) {
        this.settings = settings;
        this.common = common;
    }

    Report run() throws Exception {
        int generators = this.settings.generators();
        // --handshakes is the pace of all processes together.
        int handshakes = Math.ceilDiv(this.settings.handshakes(), generators);
        try (Generators others = Generators.start(this.settings.lb(), this.settings.sockets(), generators, handshakes);
                SocketShare own = SocketShare.open(this.api, this.settings.lb(),
                        Generators.share(this.settings.sockets(), generators, 0), handshakes)) {
            List<ShareLine.Ready> shares = new ArrayList<>(List.of(own.ready()));
            shares.addAll(others.awaitReady(READY_TIMEOUT));
            ShareLine.Ready all = ShareLine.Ready.sum(shares);
            System.out.printf("%d sockets open through %s%s: %s%n", all.sockets(), this.settings.lb(),
                    (generators > 1) ? " from " + generators + " processes" : "", all.placed());
            return run(own, others);
        }
        finally {
            this.api.close();
        }
    }

    private Report run(SocketShare own, Generators others) throws Exception {
        Tally tally = new Tally(this::completed);
        try (Fleet<? extends Client> fleet = this.common.openFleet(this.api, this.settings.clients(), tally);
                Progress progress = Progress.every(this.common.progress(), () -> progressLine(own, others))) {
            Duration sending = this.settings.calm().plus(Duration.ofMinutes(10));
            Thread traffic = Thread.ofVirtual().start(() -> sendUntilInterrupted(fleet, sending));
            int exit;
            long restartDone;
            List<ShareLine.Totals> shares = new ArrayList<>();
            try {
                others.watch(this.settings.calm());
                this.restartAt = System.nanoTime();
                this.restartEpochAt = MoveCounts.epochNanos();
                progress.print("restart: " + this.settings.restart());
                exit = runRestart(progress);
                restartDone = System.nanoTime();
                progress.print("the restart command exited with " + exit + " after "
                        + Math.round((restartDone - this.restartAt) / 1e6) + " ms; waiting for the moved sockets");
                long deadline = restartDone + this.settings.settle().toNanos();
                while (own.status().plus(others.status()).away() > 0 && System.nanoTime() < deadline) {
                    others.check();
                    Thread.sleep(100);
                }
                this.movedAt = System.nanoTime();
                shares.add(own.totals());
                shares.addAll(others.totals(TOTALS_TIMEOUT));
            }
            finally {
                traffic.interrupt();
                traffic.join();
            }
            progress.print("sending stopped; waiting up to " + this.common.timeout().toSeconds()
                    + " s for the last terminal updates");
            tally.awaitSettled(this.common.timeout());
            return report(ShareLine.Totals.sum(shares), shares.size(), exit, restartDone, tally, fleet);
        }
    }

    private void sendUntilInterrupted(Fleet<? extends Client> fleet, Duration sending) {
        try {
            SteadyRate.run(this.settings.rate(), sending,
                    (i, due) -> this.settings.traffic().send(fleet, this.common.nodes(), i, due, this.clientErrors));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the restart command, its output prefixed; returns its exit code. */
    private int runRestart(Progress progress) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", this.settings.restart()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                progress.print("restart | " + line);
            }
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    private void completed(Completion completion) {
        long at = completion.submittedAt();
        if (at < this.restartAt) {
            this.before.recordNanos(completion.totalNanos());
        }
        else if (at < this.movedAt) {
            this.during.recordNanos(completion.totalNanos());
        }
    }

    private String progressLine(SocketShare own, Generators others) {
        ShareLine.Status all = own.status().plus(others.status());
        // The others send counts only: the p99 is of this process's share.
        return String.format(
                "sockets away %d, back %d (%sp99 %.0f ms), bounces %d, failed attempts %d, requests p99 %.1f ms",
                all.away(), all.back(), (others.size() > 0) ? "this process's " : "",
                own.moves().reconnect().percentile(99), all.bounces(), all.failedAttempts(),
                (this.restartAt == Long.MAX_VALUE) ? this.before.percentile(99) : this.during.percentile(99));
    }

    private Report report(ShareLine.Totals all, int generators, int exit, long restartDone, Tally tally,
            Fleet<?> fleet) {
        Map<Integer, Integer> closes = all.closedByCode();
        int moved = closes.getOrDefault(GOING_AWAY, 0);
        long notBack = all.notBack();
        int refused = closes.getOrDefault(TRY_AGAIN_LATER, 0);
        double allBackSeconds = (all.lastBackAt() == 0) ? Double.NaN : (all.lastBackAt() - this.restartEpochAt) / 1e9;
        Latency reconnect = new Latency();
        reconnect.add(all.reconnect());
        Report report = new Report("restart").figure("sockets", all.sockets())
            .figure("generators", generators)
            .figure("placedBefore", all.placedBefore())
            .figure("placedAfter", all.placedAfter())
            .figure("restartCommand", this.settings.restart())
            .figure("restartExit", exit)
            .figure("restartSeconds", Math.round((restartDone - this.restartAt) / 1e6) / 1000.0)
            .figure("closedByCode", closes)
            .figure("notBack", notBack)
            .figure("bounces", all.bounces())
            .figure("failedConnectionAttempts", all.failedAttempts())
            .figure("closed1013", refused)
            .figure("lastBackSeconds", Math.round(allBackSeconds * 1000) / 1000.0)
            .figure("reconnect", reconnect.summary())
            .figure("requestsBefore", this.before.summary())
            .figure("requestsDuring", this.during.summary())
            .figure("rate", this.settings.rate())
            .figure("clientErrors", this.clientErrors.get())
            .figure("reconnects", fleet.reconnects());
        Table moves = new Table("sockets", "count");
        moves.row("open before", all.sockets());
        closes.forEach((code, count) -> moves.row("closed " + code, count));
        moves.row("closed again before a welcome", all.bounces());
        moves.row("not back", notBack);
        moves.row("failed attempts", all.failedAttempts());
        report.table(String.format("%d sockets through %s%s, placed %s; then: %s%n", all.sockets(), this.settings.lb(),
                (generators > 1) ? " from " + generators + " processes" : "", all.placedBefore(),
                this.settings.restart()) + moves);
        Map<String, Latency> rows = new LinkedHashMap<>();
        rows.put("socket close->welcome", reconnect);
        rows.put("requests before", this.before);
        rows.put("requests during move", this.during);
        report.table(String.format("last socket back %.2f s after the restart began; requests at %.0f/s%n",
                allBackSeconds, this.settings.rate()) + Latency.table(rows));
        TallyChecks.apply(report, tally.counts(Duration.ZERO), this.api.retried());
        if (exit != 0) {
            report.fail("the restart command exited with " + exit);
        }
        if (moved == 0) {
            report.fail("the restart moved no socket: did the command restart a node these sockets were on?");
        }
        if (notBack > 0) {
            report.fail(notBack + " sockets were not welcomed again within " + this.settings.settle());
        }
        if (refused > 0) {
            report.fail(refused + " sockets were refused with 1013");
        }
        double p99 = reconnect.percentile(99);
        boolean met = p99 < RestartScenario.TARGET_RECONNECT_P99.toMillis();
        report.figure("targetMet", met);
        report.note(String.format("target reconnect p99 < %d ms: %s (%.0f ms)",
                RestartScenario.TARGET_RECONNECT_P99.toMillis(), met ? "met" : "NOT met", p99));
        return report;
    }

}

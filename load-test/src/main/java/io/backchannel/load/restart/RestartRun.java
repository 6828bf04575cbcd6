package io.backchannel.load.restart;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.backchannel.contracts.http.SessionGrant;
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
 * One run of the restart scenario.
 */
class RestartRun implements MovingSocket.Moves {

    /** A draining node closes with 1012; 1013 is a node refusing a socket for now. */
    private static final int GOING_AWAY = 1012;

    private static final int TRY_AGAIN_LATER = 1013;

    private final RestartScenario.Settings settings;

    private final Common common;

    private final Api api = Api.create(RetryPolicy.defaults());

    private final Map<Integer, AtomicInteger> closedByCode = new ConcurrentHashMap<>();

    private final AtomicInteger away = new AtomicInteger();

    private final AtomicInteger failedAttempts = new AtomicInteger();

    private final AtomicInteger bounces = new AtomicInteger();

    private final Latency reconnect = new Latency();

    private final Latency before = new Latency();

    private final Latency during = new Latency();

    private final AtomicLong lastBackAt = new AtomicLong();

    private volatile long restartAt = Long.MAX_VALUE;

    private volatile long movedAt = Long.MAX_VALUE;

    private final AtomicLong clientErrors = new AtomicLong();

    RestartRun(RestartScenario.Settings settings, Common common) {
        this.settings = settings;
        this.common = common;
    }

    Report run() throws Exception {
        List<MovingSocket> sockets = openSockets();
        Map<String, Integer> placed = placement(sockets);
        System.out.printf("%d sockets open through %s: %s%n", sockets.size(), this.settings.lb(), placed);
        Tally tally = new Tally(this::completed);
        try (Fleet<? extends Client> fleet = this.common.openFleet(this.api, this.settings.clients(), tally);
                Progress progress = Progress.every(this.common.progress(), this::progressLine)) {
            Duration sending = this.settings.calm().plus(Duration.ofMinutes(10));
            Thread traffic = Thread.ofVirtual().start(() -> sendUntilInterrupted(fleet, sending));
            Thread.sleep(this.settings.calm());
            this.restartAt = System.nanoTime();
            progress.print("restart: " + this.settings.restart());
            int exit = runRestart(progress);
            long restartDone = System.nanoTime();
            progress.print("the restart command exited with " + exit + " after "
                    + Math.round((restartDone - this.restartAt) / 1e6) + " ms; waiting for the moved sockets");
            long deadline = restartDone + this.settings.settle().toNanos();
            while (this.away.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            this.movedAt = System.nanoTime();
            traffic.interrupt();
            traffic.join();
            progress.print("sending stopped; waiting up to " + this.common.timeout().toSeconds()
                    + " s for the last terminal updates");
            tally.awaitSettled(this.common.timeout());
            Report report = report(sockets, placed, exit, restartDone, tally, fleet);
            sockets.forEach(MovingSocket::close);
            return report;
        }
        finally {
            this.api.close();
        }
    }

    /** Sessions and sockets through the front door, {@code handshakes} at a time. */
    private List<MovingSocket> openSockets() throws InterruptedException {
        List<MovingSocket> sockets = Collections.synchronizedList(new ArrayList<>());
        Semaphore slots = new Semaphore(this.settings.handshakes());
        AtomicInteger failed = new AtomicInteger();
        try (ExecutorService opening = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < this.settings.sockets(); i++) {
                slots.acquire();
                opening.submit(() -> {
                    try {
                        SessionGrant grant = this.api.session(this.settings.lb());
                        sockets.add(MovingSocket.open(this.api.raw(), this.settings::lb, grant.token(), this,
                                Duration.ofSeconds(30)));
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    catch (RuntimeException ex) {
                        if (failed.incrementAndGet() <= 3) {
                            System.out.println("a socket could not be opened: " + ex.getMessage());
                        }
                    }
                    finally {
                        slots.release();
                    }
                });
                if ((i + 1) % 2000 == 0) {
                    System.out.printf("opening sockets: %d of %d%n", i + 1, this.settings.sockets());
                }
            }
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + this.settings.sockets()
                    + " sockets could not be opened (see above); is the front door's connection limit high enough?");
        }
        return sockets;
    }

    private static Map<String, Integer> placement(List<MovingSocket> sockets) {
        Map<String, Integer> placed = new TreeMap<>();
        sockets.forEach((s) -> placed.merge(String.valueOf(s.node()), 1, Integer::sum));
        return placed;
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

    @Override
    public void closed(String node, int code, boolean bounce) {
        this.closedByCode.computeIfAbsent(code, (c) -> new AtomicInteger()).incrementAndGet();
        if (bounce) {
            this.bounces.incrementAndGet();
        }
        else {
            this.away.incrementAndGet();
        }
    }

    @Override
    public void back(String from, String to, int code, long nanos) {
        this.reconnect.recordNanos(nanos);
        this.lastBackAt.accumulateAndGet(System.nanoTime(), Math::max);
        this.away.decrementAndGet();
    }

    @Override
    public void failedAttempt() {
        this.failedAttempts.incrementAndGet();
    }

    private String progressLine() {
        return String.format(
                "sockets away %d, back %d (p99 %.0f ms), bounces %d, failed attempts %d, requests p99 %.1f ms",
                this.away.get(), this.reconnect.count(), this.reconnect.percentile(99), this.bounces.get(),
                this.failedAttempts.get(),
                (this.restartAt == Long.MAX_VALUE) ? this.before.percentile(99) : this.during.percentile(99));
    }

    private Report report(List<MovingSocket> sockets, Map<String, Integer> placed, int exit, long restartDone,
            Tally tally, Fleet<?> fleet) {
        Map<Integer, Integer> closes = new TreeMap<>();
        this.closedByCode.forEach((code, count) -> closes.put(code, count.get()));
        int moved = closes.getOrDefault(GOING_AWAY, 0);
        long notBack = sockets.stream().filter(MovingSocket::away).count();
        int refused = closes.getOrDefault(TRY_AGAIN_LATER, 0);
        long last = this.lastBackAt.get();
        double allBackSeconds = (last == 0) ? Double.NaN : (last - this.restartAt) / 1e9;
        Map<String, Integer> after = placement(sockets);
        Report report = new Report("restart").figure("sockets", sockets.size())
            .figure("placedBefore", placed)
            .figure("placedAfter", after)
            .figure("restartCommand", this.settings.restart())
            .figure("restartExit", exit)
            .figure("restartSeconds", Math.round((restartDone - this.restartAt) / 1e6) / 1000.0)
            .figure("closedByCode", closes)
            .figure("notBack", notBack)
            .figure("bounces", this.bounces.get())
            .figure("failedConnectionAttempts", this.failedAttempts.get())
            .figure("closed1013", refused)
            .figure("lastBackSeconds", Math.round(allBackSeconds * 1000) / 1000.0)
            .figure("reconnect", this.reconnect.summary())
            .figure("requestsBefore", this.before.summary())
            .figure("requestsDuring", this.during.summary())
            .figure("rate", this.settings.rate())
            .figure("clientErrors", this.clientErrors.get())
            .figure("reconnects", fleet.reconnects());
        Table moves = new Table("sockets", "count");
        moves.row("open before", sockets.size());
        closes.forEach((code, count) -> moves.row("closed " + code, count));
        moves.row("closed again before a welcome", this.bounces.get());
        moves.row("not back", notBack);
        moves.row("failed attempts", this.failedAttempts.get());
        report.table(String.format("%d sockets through %s, placed %s; then: %s%n", sockets.size(), this.settings.lb(),
                placed, this.settings.restart()) + moves);
        Map<String, Latency> rows = new LinkedHashMap<>();
        rows.put("socket close->welcome", this.reconnect);
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
        double p99 = this.reconnect.percentile(99);
        boolean met = p99 < RestartScenario.TARGET_RECONNECT_P99.toMillis();
        report.figure("targetMet", met);
        report.note(String.format("target reconnect p99 < %d ms: %s (%.0f ms)",
                RestartScenario.TARGET_RECONNECT_P99.toMillis(), met ? "met" : "NOT met", p99));
        return report;
    }

}

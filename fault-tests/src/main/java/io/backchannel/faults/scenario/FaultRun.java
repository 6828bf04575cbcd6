package io.backchannel.faults.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.faults.cluster.ClusterPlan;
import io.backchannel.faults.cluster.Launcher;
import io.backchannel.faults.cluster.Readiness;
import io.backchannel.faults.cluster.RedisAdmin;
import io.backchannel.faults.report.FaultResult;
import io.backchannel.faults.traffic.RecordProbe;
import io.backchannel.faults.traffic.Recovery;
import io.backchannel.faults.traffic.SocketWatch;
import io.backchannel.faults.traffic.Submitter;
import io.backchannel.faults.traffic.Traffic;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.LoadClient;
import io.backchannel.load.client.LoadClient.SubmitPath;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.Tally;
import io.backchannel.load.client.TallyCounts;

/**
 * One fault under traffic, in phases: a fresh fleet of clients opens its sockets (spread
 * over the nodes); traffic flows for a calm spell; the fault's script injects the fault
 * and brings the cluster back; once every part is ready again traffic flows for another
 * calm spell and stops; then every accepted request must get its terminal update within
 * the settle time. The fleet stays open after that, so that a terminal update shown twice
 * later on (after a later fault, say) still counts against this fault.
 */
public final class FaultRun implements FaultContext, AutoCloseable {

    private static final Duration WELCOME_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Fault fault;

    private final RunSettings settings;

    private final Launcher cluster;

    private final Nodes nodes;

    private final Api api;

    private final Consumer<String> log;

    private final Recovery recovery = new Recovery();

    private final Tally tally = new Tally(this.recovery);

    private final List<SocketWatch> watches = new CopyOnWriteArrayList<>();

    private final List<FaultResult.Event> timeline = new CopyOnWriteArrayList<>();

    private final long start = System.nanoTime();

    private Fleet<LoadClient> fleet;

    private Traffic traffic;

    private volatile String phase = "opening clients";

    private volatile double duration;

    private FaultRun(Fault fault, RunSettings settings, Launcher cluster, Nodes nodes, Api api, Consumer<String> log) {
        this.fault = fault;
        this.settings = settings;
        this.cluster = cluster;
        this.nodes = nodes;
        this.api = api;
        this.log = log;
    }

    /**
     * Opens the fault's clients: a session and a welcomed socket each. Every other client
     * sends its requests over its socket, as the JS client does, the rest over HTTP: both
     * ways in go through every fault.
     */
    public static FaultRun open(Fault fault, RunSettings settings, Launcher cluster, Nodes nodes, Api api,
            RetryPolicy retry, Consumer<String> log) throws InterruptedException {
        FaultRun run = new FaultRun(fault, settings, cluster, nodes, api, log);
        run.fleet = Fleet.open(settings.clients(), (i, socketNodes) -> LoadClient.open(api, nodes.node(i), socketNodes,
                run.tally, retry, WELCOME_TIMEOUT, (i % 2 == 1) ? SubmitPath.SOCKET : SubmitPath.HTTP), nodes);
        run.traffic = new Traffic(fault.name(), run.fleet, api, retry, nodes, run.tally,
                new Traffic.Settings(settings.rate(), settings.minRequests(), settings.submitDeadline()));
        return run;
    }

    /**
     * Runs the fault under traffic until every accepted request settled or the time ran
     * out.
     */
    public void execute() throws InterruptedException {
        this.traffic.start();
        phase("before the fault");
        hold(this.settings.calm(), "the cluster whole");
        phase("fault");
        this.fault.script().run(this);
        phase("recovering");
        new Readiness(plan()).await(READY_TIMEOUT);
        event("every node and worker ready again");
        phase("after the fault");
        this.traffic.finishAfter(this.settings.calm());
        Duration sending = this.settings.submitDeadline().plus(this.settings.calm()).plusMinutes(1);
        if (!this.traffic.awaitFinished(sending)) {
            event("some requests were still being sent again after " + sending.toSeconds() + " s");
        }
        event("sending stopped after " + this.traffic.sent() + " requests");
        phase("settling");
        boolean settled = this.tally.awaitSettled(this.settings.settle());
        this.duration = seconds(System.nanoTime());
        event(settled ? "every accepted request has its terminal update"
                : this.tally.pending() + " accepted requests still without a terminal update after "
                        + this.settings.settle().toSeconds() + " s");
        this.watches.forEach(SocketWatch::stop);
        phase("done");
    }

    /**
     * The fault's figures as they stand now; for requests without their terminal update,
     * what their record says.
     */
    public FaultResult result() throws InterruptedException {
        TallyCounts counts = this.tally.counts(Duration.ZERO);
        Submitter submitter = this.traffic.submitter();
        List<String> lost = new ArrayList<>();
        RecordProbe probe = new RecordProbe(this.api.http(), this.nodes.requestTarget());
        for (String id : counts.lostSamples()) {
            LoadClient owner = submitter.owner(CorrelationId.of(id));
            lost.add((owner != null) ? probe.describe(CorrelationId.of(id), owner.token()) : id);
        }
        Double back = null;
        for (SocketWatch watch : this.watches) {
            Double last = watch.lastBackSeconds();
            if (last != null && (back == null || last > back)) {
                back = last;
            }
        }
        return new FaultResult(this.fault.name(), this.fault.description(), this.fleet.size(), this.traffic.sent(),
                counts.accepted(), counts.completed(), counts.lost() + submitter.abandoned(), submitter.abandoned(),
                submitter.refused(), counts.duplicateTerminals() + counts.copies(), counts.repeatedFrames(),
                submitter.retried(), submitter.attempts(), this.recovery.recoverySeconds(),
                this.recovery.firstAnswerSeconds(), this.recovery.worstWaitSeconds(), this.recovery.slowest(),
                this.watches.stream().mapToInt(SocketWatch::watched).sum(),
                this.watches.stream().mapToInt(SocketWatch::moved).sum(), back,
                this.watches.stream().mapToInt(SocketWatch::notBack).sum(), counts.terminalsVia(),
                counts.failedByCode(), lost, counts.duplicateSamples(), submitter.problems(),
                List.copyOf(this.timeline), this.duration);
    }

    /** A progress line. */
    public String status() {
        long moved = this.watches.stream().mapToInt(SocketWatch::moved).sum();
        long watched = this.watches.stream().mapToInt(SocketWatch::watched).sum();
        long completed = this.tally.completed();
        long pending = this.tally.pending();
        Traffic traffic = this.traffic;
        return String.format(Locale.ROOT,
                "%s | %s | sent %d, accepted %d, terminal %d, pending %d, retried %d, abandoned %d, sockets moved %d/%d",
                this.fault.name(), this.phase, (traffic != null) ? traffic.sent() : 0, completed + pending, completed,
                pending, (traffic != null) ? traffic.submitter().retried() : 0,
                (traffic != null) ? traffic.submitter().abandoned() : 0, moved, watched);
    }

    @Override
    public Launcher cluster() {
        return this.cluster;
    }

    @Override
    public ClusterPlan plan() {
        return this.cluster.plan();
    }

    @Override
    public RedisAdmin redis() {
        return new RedisAdmin(plan().redisPort());
    }

    @Override
    public Duration outage() {
        return this.settings.outage();
    }

    @Override
    public void inject(String what) {
        long now = System.nanoTime();
        this.recovery.injected(now);
        record(now, "inject: " + what);
    }

    @Override
    public void event(String what) {
        record(System.nanoTime(), what);
    }

    @Override
    public void watchSockets(String nodeId) {
        this.watches.add(SocketWatch.start(this.fleet, nodeId));
    }

    @Override
    public void hold(Duration duration, String state) throws InterruptedException {
        event("traffic flows for " + duration.toMillis() / 1000.0 + " s with " + state);
        Thread.sleep(duration);
    }

    @Override
    public void close() {
        if (this.traffic != null) {
            this.traffic.stop();
        }
        if (this.fleet != null) {
            this.fleet.close();
        }
    }

    private void phase(String phase) {
        this.phase = phase;
        this.log.accept(status());
    }

    private void record(long at, String what) {
        this.timeline.add(new FaultResult.Event(Math.round(seconds(at) * 10) / 10.0, what));
        this.log.accept(this.fault.name() + " | " + what);
    }

    private double seconds(long at) {
        return (at - this.start) / 1e9;
    }

}

package io.backchannel.load.connections;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.backchannel.contracts.json.Json;
import io.backchannel.load.Common;
import io.backchannel.load.Report;
import io.backchannel.load.Traffic;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.InFlight;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.Tally;
import io.backchannel.load.connections.ConnectionsScenario.Settings;
import io.backchannel.load.cpu.CpuMeter;
import io.backchannel.load.rawws.SocketPool;
import io.backchannel.load.report.Progress;

/**
 * One run of the connections scenario.
 */
class ConnectionsRun {

    private static final int SESSION_CONCURRENCY = 32;

    /** How long past the idle period a CPU window may take to report its last sample. */
    private static final long CPU_WAIT_MILLIS = 10_000;

    private final Settings settings;

    private final Common common;

    private final Api api = Api.create(RetryPolicy.defaults());

    private final Tally tally = new Tally();

    private final String[] tokens;

    private final Report report = new Report("connections");

    private final AtomicInteger sessions = new AtomicInteger();

    private int requested;

    ConnectionsRun(Settings settings, Common common) {
        this.settings = settings;
        this.common = common;
        this.tokens = new String[settings.counts().get(settings.counts().size() - 1)];
    }

    Report run() throws IOException, InterruptedException {
        NodeProcess node = nodeProcess();
        FdLimits limits = new FdLimits(node);
        HeapMeter meter = new HeapMeter(node);
        CpuMeter cpu = CpuMeter.of(this.common.cpu());
        String host = this.settings.node().getHost() + ":" + Nodes.port(this.settings.node());
        InetSocketAddress server = new InetSocketAddress(this.settings.node().getHost(),
                Nodes.port(this.settings.node()));
        System.out.printf("sockets to %s from %s; node process: %s; this JVM may open %d files%n", host,
                this.settings.sources().forSocket(0), (node != null) ? "pid " + node.pid() : "unknown",
                FdLimits.ownLimit());
        meter.baseline();
        DeliverySample sample = new DeliverySample(this.api, this.tally, this.common.nodes(),
                new Traffic("echo", Json.mapper().createObjectNode().put("sample", true), new InFlight(500)));
        List<StepResult> steps = new ArrayList<>();
        try (SocketPool pool = new SocketPool(server, host, (socket, update, at) -> this.tally.onUpdate(update, at),
                this.settings.handshakes(), Duration.ofSeconds(15));
                Progress progress = Progress.every(this.common.progress(), () -> line(pool))) {
            for (int count : this.settings.counts()) {
                String problem = limits.check(count, pool.counts().open());
                if (problem != null) {
                    progress.print("stopping before " + count + " sockets: " + problem);
                    this.report.note("not measured: " + count + " sockets: " + problem);
                    break;
                }
                long started = System.nanoTime();
                openUpTo(count, pool);
                awaitSettled(pool);
                double seconds = (System.nanoTime() - started) / 1e9;
                SocketPool.Counts counts = pool.counts();
                progress.print(String.format(
                        "%d sockets asked for, %d open, %d failed (%.1f s); idle for %d s (CPU from %.1f s in), then"
                                + " measuring",
                        count, counts.open(), counts.failed(), seconds, this.settings.idle().toSeconds(),
                        IdleCpu.lead(this.settings.idle()).toMillis() / 1e3));
                // Idle sockets, not opening ones: what the handshakes left in flight
                // (hello
                // timers, presence writes, Tomcat's processors) is gone by then.
                IdleCpu idleCpu = idle(cpu, pool);
                DeliverySample.Result delivered = sample.run(pool.openIds(), this.tokens, this.settings.sample(),
                        this.common.timeout());
                StepResult step = meter.measure(count, pool.counts(), seconds, delivered, idleCpu);
                steps.add(step);
                progress.print(ConnectionsReport.describe(step));
            }
            this.report.figure("problems", pool.problems()).figure("retried", this.api.retried());
        }
        return ConnectionsReport.build(this.report, this.settings, node, meter, steps);
    }

    /**
     * Gets sessions for sockets up to {@code count} and queues them as their tokens come.
     */
    private void openUpTo(int count, SocketPool pool) throws InterruptedException {
        Semaphore permits = new Semaphore(SESSION_CONCURRENCY);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = this.requested; i < count; i++) {
                permits.acquire();
                int id = i;
                executor.execute(() -> {
                    try {
                        this.tokens[id] = this.api.session(this.common.nodes().node(id)).token();
                        this.sessions.incrementAndGet();
                        pool.open(id, this.settings.sources().forSocket(id), this.tokens[id]);
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                    catch (RuntimeException ex) {
                        this.report.note("a session failed: " + ex.getMessage());
                    }
                    finally {
                        permits.release();
                    }
                });
            }
        }
        this.requested = count;
    }

    /**
     * Lets the sockets idle for {@code --idle}, measuring the CPU of every group over
     * that period from {@link IdleCpu#lead} on.
     * @return null when the window's last sample did not come in time
     */
    private IdleCpu idle(CpuMeter cpu, SocketPool pool) throws InterruptedException {
        long start = System.nanoTime();
        CpuMeter.Window window = cpu.window(start + IdleCpu.lead(this.settings.idle()).toNanos(),
                start + this.settings.idle().toNanos());
        Thread.sleep(this.settings.idle());
        int open = pool.counts().open();
        CpuMeter.Usage usage = window.usage(open, CPU_WAIT_MILLIS);
        return (usage != null) ? IdleCpu.of(usage, open) : null;
    }

    private void awaitSettled(SocketPool pool) throws InterruptedException {
        long deadline = System.nanoTime() + this.settings.settle().toNanos();
        while (System.nanoTime() < deadline) {
            SocketPool.Counts counts = pool.counts();
            if (counts.queued() == 0 && counts.handshaking() == 0) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private String line(SocketPool pool) {
        SocketPool.Counts c = pool.counts();
        return String.format("sessions %d  open %d  handshaking %d  queued %d  failed %d  dropped %d",
                this.sessions.get(), c.open(), c.handshaking(), c.queued(), c.failed(), c.dropped());
    }

    private NodeProcess nodeProcess() throws IOException {
        if (this.settings.pid() != null) {
            return new NodeProcess(this.settings.pid());
        }
        if (Files.isRegularFile(this.settings.pidFile())) {
            String first = Files.readAllLines(this.settings.pidFile()).get(0).trim();
            NodeProcess node = new NodeProcess(Long.parseLong(first));
            String port = "--server.port=" + Nodes.port(this.settings.node());
            if (!node.commandLine().contains(port)) {
                this.report.note(
                        "pid " + first + " from " + this.settings.pidFile() + " does not look like the node on " + port
                                + " (" + (node.alive() ? "its command line" : "it is not running") + "): pass --pid");
            }
            return node;
        }
        this.report
            .note("no --pid and no " + this.settings.pidFile().toAbsolutePath() + ": heap and RSS are not measured");
        return null;
    }

}

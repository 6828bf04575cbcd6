package io.backchannel.faults;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import io.backchannel.faults.cluster.Launcher;
import io.backchannel.faults.cluster.Readiness;
import io.backchannel.faults.report.FaultResult;
import io.backchannel.faults.report.ResultFiles;
import io.backchannel.faults.report.ResultTable;
import io.backchannel.faults.report.SuiteResult;
import io.backchannel.faults.scenario.Fault;
import io.backchannel.faults.scenario.FaultRun;
import io.backchannel.faults.scenario.Faults;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.report.Progress;

/**
 * The fault-injection suite: starts a cluster of its own with the launcher (3 web nodes,
 * 2 workers, nginx, private Redis and RabbitMQ), runs each fault under steady traffic,
 * watches a little longer for late duplicates, counts, stops the cluster (also when
 * something failed), prints the table and writes the JSON results.
 *
 * <p>
 * {@code scripts/faults.sh} runs {@link #main} with {@link SuiteSettings#full}; the
 * integration test runs {@link #run} with {@link SuiteSettings#quick}.
 */
public final class FaultSuite {

    /** What a client does when a call does not get through: the browser client's rule. */
    private static final RetryPolicy RETRY = RetryPolicy.defaults();

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final SuiteSettings settings;

    private volatile FaultRun current;

    private volatile String state = "starting";

    private FaultSuite(SuiteSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws InterruptedException {
        SuiteResult result = run(SuiteSettings.full());
        System.exit(result.passed() ? 0 : 1);
    }

    /** Runs every fault of the settings; the cluster is down again when this returns. */
    public static SuiteResult run(SuiteSettings settings) throws InterruptedException {
        return new FaultSuite(settings).run();
    }

    private SuiteResult run() throws InterruptedException {
        Instant started = Instant.now();
        long start = System.nanoTime();
        List<FaultRun> runs = new ArrayList<>();
        List<FaultResult> results = new ArrayList<>();
        String failure = null;
        try (Progress progress = Progress.every(this.settings.progressEvery(), this::status)) {
            Launcher cluster = new Launcher(this.settings.plan(), progress::print);
            Thread down = new Thread(cluster::down, "fault-suite-down");
            Runtime.getRuntime().addShutdownHook(down);
            try {
                progress.print("fault suite (" + this.settings.label() + "): " + this.settings.figures());
                if (!this.settings.plan().onClusters() && this.settings.plan().netnsNode() == 0) {
                    progress.print("without node-redis-partition and node-rabbitmq-partition: they need a web node"
                            + " in a network namespace (root and ip netns; faults.netns=1 to insist)");
                }
                failure = inject(cluster, progress, runs);
                this.current = null;
                this.state = "counting";
                for (FaultRun run : runs) {
                    results.add(run.result());
                }
            }
            finally {
                runs.forEach(FaultRun::close);
                this.state = "stopping the cluster";
                this.current = null;
                cluster.down();
                removeHook(down);
            }
        }
        SuiteResult suite = new SuiteResult(started, (System.nanoTime() - start) / 1e9, machine(),
                this.settings.figures(), results, failure);
        Path file = ResultFiles.write(suite, this.settings.out());
        System.out.println();
        System.out.print(ResultTable.of(suite));
        System.out
            .println("results: " + file.getParent() + "/  cluster logs: " + this.settings.plan().runDir() + "/logs/");
        System.out.println(
                suite.passed() ? "PASSED: nothing lost, nothing shown twice" : "FAILED: see the table and " + file);
        return suite;
    }

    /** Starts the cluster and runs the faults; returns why it stopped early, or null. */
    private String inject(Launcher cluster, Progress progress, List<FaultRun> runs) throws InterruptedException {
        try {
            this.state = "starting the cluster";
            cluster.down();
            cluster.up();
            Api api = Api.create(RETRY);
            Nodes nodes = new Nodes(this.settings.plan().nodeUris(), this.settings.plan().lb());
            for (Fault fault : Faults.named(this.settings.faults(), this.settings.plan().onClusters(),
                    this.settings.plan().netnsNode() > 0)) {
                this.state = "waiting for every part to be ready";
                new Readiness(this.settings.plan()).await(READY_TIMEOUT);
                progress.print("== " + fault.name() + ": " + fault.description());
                this.state = fault.name() + " | opening " + this.settings.run().clients() + " clients";
                FaultRun run = FaultRun.open(fault, this.settings.run(), cluster, nodes, api, RETRY, progress::print);
                runs.add(run);
                this.current = run;
                run.execute();
                this.current = null;
            }
            this.state = "watching for late duplicates";
            progress.print("all faults injected; a deliberate pause of " + this.settings.quiet().toMillis() / 1000.0
                    + " s while late duplicates, if any, arrive");
            Thread.sleep(this.settings.quiet());
            return null;
        }
        catch (RuntimeException ex) {
            progress.print("the run stops early: " + ex);
            return ex.toString();
        }
    }

    private String status() {
        FaultRun run = this.current;
        return (run != null) ? run.status() : this.state;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            machine.put("memoryGiB", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024) * 10) / 10.0);
        }
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("layout",
                "everything on one machine: 3 web nodes, 2 workers, nginx, Redis, RabbitMQ and the " + "clients");
        return machine;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (IllegalStateException ex) {
            // The JVM is shutting down: the hook runs anyway.
        }
    }

}

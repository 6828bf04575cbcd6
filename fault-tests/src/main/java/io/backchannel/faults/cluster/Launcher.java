package io.backchannel.faults.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local cluster launcher ({@code deploy/local/cluster.sh}) with the settings of a
 * {@link ClusterPlan}: {@code up}, {@code down}, and {@code kill}, {@code stop},
 * {@code start}, {@code restart} of one part. {@code up} first stages a copy of the
 * launcher and the app jars ({@link Stage}) and runs the copy from then on, with
 * {@code SKIP_BUILD=1}: the cluster runs the jars as they were when it started. Each call
 * blocks until the launcher is done ({@code start} and {@code restart} wait until the
 * part is ready) and fails with the end of the launcher's output when it exits non-zero.
 * Stops only what the launcher recorded in the plan's run directory.
 */
public final class Launcher {

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(10);

    private static final Duration PART_TIMEOUT = Duration.ofMinutes(5);

    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);

    private static final int TAIL_LINES = 30;

    private final ClusterPlan plan;

    private final Consumer<String> out;

    private final String javaHome;

    /** The repository's launcher; from {@link #up} on, the staged copy of it. */
    private volatile Path script;

    public Launcher(ClusterPlan plan, Consumer<String> out) {
        this.plan = plan;
        this.out = out;
        this.javaHome = System.getProperty("java.home");
        this.script = plan.root().resolve("deploy/local/cluster.sh");
    }

    public ClusterPlan plan() {
        return this.plan;
    }

    /**
     * Starts the cluster and checks that Redis and RabbitMQ are the launcher's private
     * ones (the suite restarts them).
     */
    public void up() {
        this.script = Stage.prepare(this.plan.root(), this.plan.stageDir());
        clearData();
        run(UP_TIMEOUT, "up");
        String redis = this.plan.onClusters() ? "redis-1" : "redis";
        String rabbitmq = this.plan.onClusters() ? "rabbitmq-1" : "rabbitmq";
        if (!Files.exists(this.plan.runDir().resolve("pids/" + redis + ".pid"))
                || !Files.exists(this.plan.runDir().resolve("pids/" + rabbitmq + ".pid"))) {
            throw new ClusterException("the launcher did not start a private Redis on "
                    + (this.plan.onClusters() ? this.plan.redisClusterPortBase() : this.plan.redisPort())
                    + " and RabbitMQ on " + this.plan.amqpPort()
                    + " (something else answers there?); the suite restarts them, so it must own them");
        }
    }

    /**
     * Deletes the private Redis' and RabbitMQ's data of an earlier run from the run
     * directory, so that every run starts empty (no records, no queued jobs or replies of
     * a run that stopped half-way). Only when nothing recorded there runs.
     */
    private void clearData() {
        Path pids = this.plan.runDir().resolve("pids");
        try {
            if (Files.isDirectory(pids)) {
                try (Stream<Path> recorded = Files.list(pids)) {
                    if (recorded.anyMatch((file) -> file.toString().endsWith(".pid"))) {
                        throw new ClusterException(
                                "a cluster from " + this.plan.runDir() + " still runs; run down first");
                    }
                }
            }
            for (String data : List.of("redis", "rabbitmq", "redis-1", "redis-2", "redis-3", "redis-4", "redis-5",
                    "redis-6", "rabbitmq-1", "rabbitmq-2", "rabbitmq-3")) {
                Path dir = this.plan.runDir().resolve(data);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(file);
                        }
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot clear the data in " + this.plan.runDir(), ex);
        }
    }

    /** Stops what the launcher started from the plan's run directory; never throws. */
    public void down() {
        try {
            run(DOWN_TIMEOUT, "down");
        }
        catch (RuntimeException ex) {
            this.out.accept("down failed: " + ex.getMessage());
        }
    }

    /** SIGKILL to one part: node-N, worker-N, redis, redis-N, rabbitmq, rabbitmq-N. */
    public void kill(String part) {
        run(PART_TIMEOUT, "kill", part);
    }

    /**
     * SIGSTOP to one part: it hangs, its connections open and nothing answering, until it
     * is thawed or killed.
     */
    public void freeze(String part) {
        run(PART_TIMEOUT, "freeze", part);
    }

    /** SIGCONT to a frozen part. */
    public void thaw(String part) {
        run(PART_TIMEOUT, "thaw", part);
    }

    /** SIGTERM to one part, waiting until it stopped (a node drains first). */
    public void stop(String part) {
        run(PART_TIMEOUT, "stop", part);
    }

    /** Starts a stopped part and waits until it is ready. */
    public void start(String part) {
        run(PART_TIMEOUT, "start", part);
    }

    /**
     * Takes the namespaced node's link to one service down ({@code redis},
     * {@code rabbitmq} or {@code front}): packets on it are lost, connections over it
     * stay open and stall, as in a network partition.
     */
    public void partition(String node, String link) {
        run(PART_TIMEOUT, "partition", node, link);
    }

    /** Brings the namespaced node's links up again. */
    public void heal(String node) {
        run(PART_TIMEOUT, "heal", node);
    }

    /** {@link #stop}, then {@link #start}. */
    public void restart(String part) {
        run(PART_TIMEOUT, "restart", part);
    }

    private void run(Duration timeout, String... args) {
        String command = String.join(" ", args);
        ProcessBuilder builder = new ProcessBuilder(bashCommand(args)).directory(this.plan.root().toFile())
            .redirectErrorStream(true);
        builder.environment().putAll(this.plan.environment(this.javaHome));
        Deque<String> tail = new ArrayDeque<>();
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cluster.sh " + command + " did not start", ex);
        }
        Thread reader = Thread.ofVirtual().start(() -> relay(process, command, tail));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // SIGTERM: the launcher stops what it started before it exits.
                process.destroy();
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                throw new ClusterException("cluster.sh " + command + " took longer than " + timeout + tail(tail));
            }
            reader.join(Duration.ofSeconds(5));
        }
        catch (InterruptedException ex) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while cluster.sh " + command + " ran");
        }
        if (process.exitValue() != 0) {
            throw new ClusterException("cluster.sh " + command + " exited " + process.exitValue() + tail(tail));
        }
    }

    private List<String> bashCommand(String... args) {
        return Stream.concat(Stream.of("bash", this.script.toString()), Stream.of(args)).toList();
    }

    private void relay(Process process, String command, Deque<String> tail) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                this.out.accept("cluster.sh " + command + " | " + line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        }
        catch (IOException ex) {
            this.out.accept("cluster.sh " + command + ": output unreadable: " + ex.getMessage());
        }
    }

    private static String tail(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "" : "; it said:\n  " + String.join("\n  ", tail);
        }
    }

}

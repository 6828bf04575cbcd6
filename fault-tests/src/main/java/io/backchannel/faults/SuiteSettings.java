package io.backchannel.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.backchannel.faults.cluster.ClusterPlan;
import io.backchannel.faults.cluster.NetworkNamespaces;
import io.backchannel.faults.scenario.Faults;
import io.backchannel.faults.scenario.RunSettings;

/**
 * How the suite runs: two sets of defaults, {@link #full} (scripts/faults.sh: at least
 * 2,000 requests from 120 clients per fault) and {@link #quick} (the integration test),
 * each value overridable by a system property {@code faults.NAME} or an environment
 * variable {@code FAULTS_NAME}:
 *
 * <pre>
 * name             full      quick     meaning
 * requests         2000      150       least requests per fault
 * clients          120       100       clients per fault (a socket each)
 * rate             30        20        requests a second
 * outage           10s       3s        how long a killed part stays down
 * calm             5s        2s        traffic before the fault and after recovery
 * settle           120s      90s       time for the last terminal updates
 * submit-deadline  180s      120s      how long one request is retried before it is abandoned
 * quiet            5s        3s        watch for late duplicates at the end
 * only             (all)     (all)     comma-separated fault names
 * clusters         0         0         1: on a six-node Redis Cluster and a three-node
 *                                      RabbitMQ cluster, with their own faults (the
 *                                      full run also the web nodes' and workers')
 * netns            auto      auto      1: node-3 in a network namespace, and the faults
 *                                      that cut it off from Redis and from the broker;
 *                                      auto: where this runs as root with ip netns
 * run-dir, lb-port, node-port-base, worker-port-base, redis-port, amqp-port,
 * amqp-dist-port, epmd-port: the cluster's (full: 28080, 28081, 28091, 28379, 28672,
 * 28673, 28369; quick: the same in 27xxx)
 * redis-cluster-port-base: the first Redis Cluster node (full 22001, quick 21001; their
 * cluster bus ports are 10,000 above, still below the ephemeral range); the RabbitMQ
 * cluster's nodes take amqp-port and amqp-dist-port upwards (the latter 10 above the
 * former, on clusters)
 * </pre>
 *
 * The ports lie below Linux's ephemeral range (32768 and up), where an outgoing
 * connection of some other program could hold a port just when a restarted part wants to
 * listen on it.
 *
 * @param label {@code full} or {@code quick}
 * @param run sizes and pace of each fault's run
 * @param plan the cluster
 * @param faults the faults to inject, in order
 * @param out where results go: {@code fault-tests/target/faults/<label>}
 * @param progressEvery how often a progress line is printed
 * @param quiet how long the suite watches for late duplicates before it counts
 */
public record SuiteSettings(String label, RunSettings run, ClusterPlan plan, List<String> faults, Path out,
        Duration progressEvery, Duration quiet) {

    /** The full run's defaults, with overrides. */
    public static SuiteSettings full() {
        boolean clusters = "1".equals(string("clusters", "0"));
        return of(clusters ? "full-clusters" : "full", clusters, 22001,
                new RunSettings(120, 30, 2000, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(120),
                        Duration.ofSeconds(180)),
                Duration.ofSeconds(5), 28080, 28091, 28379, 28672, clusters ? 28682 : 28673, 28369, false);
    }

    /** The integration test's defaults, with overrides: every fault, less traffic. */
    public static SuiteSettings quick() {
        return of("quick", false, 21001,
                new RunSettings(100, 20, 150, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(90),
                        Duration.ofSeconds(120)),
                Duration.ofSeconds(3), 27080, 27091, 27379, 27672, 27673, 27369, false);
    }

    /**
     * The integration test's run on a Redis Cluster and a RabbitMQ cluster: the faults of
     * the clusters themselves (the web nodes' and workers' are the other run's), less
     * traffic, a cluster and run directory of its own.
     */
    public static SuiteSettings quickOnClusters() {
        // The killed Redis primary comes back only once its replica has taken over (the
        // fault waits for that); the outage is the least it stays down.
        return of("quick-clusters", true, 21001,
                new RunSettings(100, 20, 150, Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(90),
                        Duration.ofSeconds(120)),
                Duration.ofSeconds(3), 27080, 27091, 27379, 27672, 27682, 27369, true);
    }

    private static SuiteSettings of(String label, boolean clusters, int redisClusterPortBase, RunSettings defaults,
            Duration quiet, int lbPort, int workerPortBase, int redisPort, int amqpPort, int amqpDistPort, int epmdPort,
            boolean clusterFaultsOnly) {
        Path root = repositoryRoot();
        RunSettings run = new RunSettings(integer("clients", defaults.clients()),
                Double.parseDouble(string("rate", String.valueOf(defaults.rate()))),
                integer("requests", (int) defaults.minRequests()), duration("outage", defaults.outage()),
                duration("calm", defaults.calm()), duration("settle", defaults.settle()),
                duration("submit-deadline", defaults.submitDeadline()));
        int lb = integer("lb-port", lbPort);
        String prefix = (label.startsWith("quick") ? "fault-it-" : "fault-") + (clusters ? "cl-" : "");
        ClusterPlan plan = new ClusterPlan(root,
                Path.of(string("run-dir", root.resolve("fault-tests/target/" + prefix + "run").toString())), lb,
                integer("node-port-base", lb + 1), integer("worker-port-base", workerPortBase), prefix,
                integer("redis-port", redisPort), integer("amqp-port", amqpPort),
                integer("amqp-dist-port", amqpDistPort), integer("epmd-port", epmdPort),
                "backchannel-" + prefix + "amqp@localhost", 240,
                clusters ? integer("redis-cluster-port-base", redisClusterPortBase) : 0,
                (!clusters && netns()) ? Faults.PARTITIONED : 0);
        boolean partitions = plan.netnsNode() > 0;
        String only = string("only", "");
        List<String> all = (clusters && clusterFaultsOnly) ? Faults.ofClustersThemselves()
                : Faults.of(clusters, partitions).stream().map((f) -> f.name()).toList();
        List<String> faults = only.isBlank() ? all
                : Arrays.stream(only.split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
        Faults.named(faults, clusters, partitions);
        return new SuiteSettings(label, run, plan, faults, root.resolve("fault-tests/target/faults/" + label),
                duration("progress", Duration.ofSeconds(5)), duration("quiet", quiet));
    }

    /** The settings as figures for the results file. */
    public Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("label", this.label);
        figures.put("clientsPerFault", this.run.clients());
        figures.put("ratePerSecond", this.run.rate());
        figures.put("minRequestsPerFault", this.run.minRequests());
        figures.put("outageSeconds", this.run.outage().toMillis() / 1000.0);
        figures.put("calmSeconds", this.run.calm().toMillis() / 1000.0);
        figures.put("settleSeconds", this.run.settle().toSeconds());
        figures.put("submitDeadlineSeconds", this.run.submitDeadline().toSeconds());
        figures.put("nodes", ClusterPlan.NODES);
        figures.put("workers", ClusterPlan.WORKERS);
        figures.put("faults", this.faults);
        figures.put("clusters", this.plan.onClusters());
        figures.put("netnsNode", this.plan.netnsNode());
        return figures;
    }

    /**
     * Whether a node runs in a network namespace: {@code faults.netns} 1 or 0, or by
     * default where the suite may make one (root, and {@code ip netns} answers).
     */
    private static boolean netns() {
        String value = string("netns", "auto");
        return switch (value) {
            case "1" -> true;
            case "0" -> false;
            case "auto" -> NetworkNamespaces.usable();
            default -> throw new IllegalArgumentException("faults.netns must be 1, 0 or auto, not '" + value + "'");
        };
    }

    private static String string(String name, String fallback) {
        String value = System.getProperty("faults." + name);
        if (value == null || value.isBlank()) {
            value = System.getenv("FAULTS_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return (value == null || value.isBlank()) ? fallback : value.trim();
    }

    private static int integer(String name, int fallback) {
        return Integer.parseInt(string(name, String.valueOf(fallback)));
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m}; a bare number is seconds. */
    static Duration duration(String name, Duration fallback) {
        String value = string(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(value.replaceFirst("s$", "")) * 1000));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(
                    "faults." + name + ": '" + value + "' is not a duration (500ms, 10s, 2m)");
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of(string("root", "")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/cluster.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/local/cluster.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

}

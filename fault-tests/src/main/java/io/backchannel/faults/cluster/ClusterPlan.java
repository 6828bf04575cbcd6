package io.backchannel.faults.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Where the suite's own cluster runs: 3 web nodes and 2 workers behind nginx, on a
 * private Redis (AOF on) and a private RabbitMQ that the launcher starts, so that killing
 * and restarting them never touches the Redis and RabbitMQ other tests share (6379,
 * 5672), nor a developer's cluster (8080 and up).
 *
 * @param root the repository root (holds {@code deploy/local/cluster.sh})
 * @param runDir the launcher's run directory: pids, logs, private data
 * @param lbPort nginx
 * @param nodePortBase port of node-1; the others follow
 * @param workerPortBase actuator port of worker-1; the others follow
 * @param idPrefix node ids are {@code <idPrefix>node-N}, worker ids
 * {@code <idPrefix>worker-N}
 * @param redisPort the private Redis
 * @param amqpPort the private RabbitMQ
 * @param amqpDistPort its Erlang distribution port
 * @param epmdPort its own epmd
 * @param amqpNodeName its Erlang node name
 * @param readyTimeoutSeconds how long the launcher waits for a part to be ready
 * @param redisClusterPortBase 0 for one private Redis on {@code redisPort} and one
 * private RabbitMQ on {@code amqpPort}; otherwise the port of the first of six private
 * Redis Cluster nodes ({@code REDIS_CLUSTER=1}, parts {@code redis-1} to {@code redis-6},
 * the first three primaries at the start), and RabbitMQ is a cluster of three private
 * nodes ({@code RABBITMQ_CLUSTER=1}, parts {@code rabbitmq-1} to {@code rabbitmq-3} on
 * {@code amqpPort} upwards)
 * @param netnsNode 0, or the node that runs in a network namespace of its own, linked to
 * Redis, RabbitMQ and the front door by veth links that a partition takes down
 * ({@code NETNS_NODE}); its addresses are in {@link #netnsPrefix()}
 */
public record ClusterPlan(Path root, Path runDir, int lbPort, int nodePortBase, int workerPortBase, String idPrefix,
        int redisPort, int amqpPort, int amqpDistPort, int epmdPort, String amqpNodeName, int readyTimeoutSeconds,
        int redisClusterPortBase, int netnsNode) {

    /**
     * The three octets of the namespace's links ({@code NETNS_PREFIX}), one /24 per suite
     * by its nginx port, so that a full and a quick suite never share an address.
     */
    public String netnsPrefix() {
        return "10.231." + (this.lbPort / 1000);
    }

    /** Where node {@code i} listens: its front link's address for the namespaced node. */
    public String nodeHost(int i) {
        return (i == this.netnsNode) ? netnsPrefix() + ".10" : "127.0.0.1";
    }

    /**
     * Whether Redis is a six-node Redis Cluster and RabbitMQ a three-node cluster, rather
     * than one server each.
     */
    public boolean onClusters() {
        return this.redisClusterPortBase > 0;
    }

    /** The port of Redis Cluster node {@code redis-i} (1 to 6). */
    public int redisClusterPort(int i) {
        if (!onClusters() || i < 1 || i > 6) {
            throw new IllegalArgumentException("no Redis Cluster node redis-" + i);
        }
        return this.redisClusterPortBase + i - 1;
    }

    /** Web nodes, as the task asks. */
    public static final int NODES = 3;

    /** Workers. */
    public static final int WORKERS = 2;

    /**
     * How long a request of the suite's traffic may take before it ends at its deadline:
     * longer than any fault but a hung worker keeps a job (a RabbitMQ restart took up to
     * 20 s on a 2-core box, and with 20 s here the jobs queued across it ended at their
     * deadline).
     */
    public static final Duration JOB_TIMEOUT = Duration.ofSeconds(45);

    /** The launcher's name of node {@code i} (from 1). */
    public static String node(int i) {
        return "node-" + i;
    }

    /** The launcher's name of worker {@code i} (from 1). */
    public static String worker(int i) {
        return "worker-" + i;
    }

    /** Where the launcher and the app jars are copied to before the cluster starts. */
    public Path stageDir() {
        return this.runDir.resolveSibling(this.runDir.getFileName() + "-stage");
    }

    /** The id node {@code i} says in its welcome. */
    public String nodeId(int i) {
        return this.idPrefix + node(i);
    }

    public List<URI> nodeUris() {
        return IntStream.rangeClosed(1, NODES).mapToObj(this::nodeUri).toList();
    }

    public URI nodeUri(int i) {
        return URI.create("http://" + nodeHost(i) + ":" + (this.nodePortBase + i - 1));
    }

    /** Node {@code i}'s management port (its actuator), fifty above the node ports. */
    public URI nodeManagementUri(int i) {
        return URI.create("http://" + nodeHost(i) + ":" + (this.nodePortBase + 50 + i - 1));
    }

    public URI workerUri(int i) {
        return URI.create("http://127.0.0.1:" + (this.workerPortBase + i - 1));
    }

    public URI lb() {
        return URI.create("http://127.0.0.1:" + this.lbPort);
    }

    /** Every part with a readiness probe: the nodes, then the workers. */
    public List<URI> probed() {
        return IntStream.rangeClosed(1, NODES + WORKERS)
            .mapToObj((i) -> (i <= NODES) ? nodeManagementUri(i) : workerUri(i - NODES))
            .toList();
    }

    /**
     * The launcher's settings. Redis and RabbitMQ are looked for on their private ports,
     * where nothing answers, so the launcher starts private ones there.
     */
    public Map<String, String> environment(String javaHome) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RUN_DIR", this.runDir.toString());
        env.put("NODES", String.valueOf(NODES));
        env.put("WORKERS", String.valueOf(WORKERS));
        env.put("LB_PORT", String.valueOf(this.lbPort));
        env.put("NODE_PORT_BASE", String.valueOf(this.nodePortBase));
        env.put("MGMT_PORT_BASE", String.valueOf(this.nodePortBase + 50));
        env.put("WORKER_PORT_BASE", String.valueOf(this.workerPortBase));
        env.put("NODE_ID_PREFIX", this.idPrefix + "node-");
        env.put("WORKER_ID_PREFIX", this.idPrefix + "worker-");
        env.put("REDIS_HOST", "127.0.0.1");
        env.put("REDIS_PORT", String.valueOf(this.redisPort));
        env.put("PRIVATE_REDIS_PORT", String.valueOf(this.redisPort));
        if (onClusters()) {
            env.put("REDIS_CLUSTER", "1");
            env.put("REDIS_CLUSTER_PORT_BASE", String.valueOf(this.redisClusterPortBase));
            env.put("RABBITMQ_CLUSTER", "1");
        }
        if (this.netnsNode > 0) {
            env.put("NETNS_NODE", String.valueOf(this.netnsNode));
            env.put("NETNS_PREFIX", netnsPrefix());
        }
        env.put("AMQP_HOST", "127.0.0.1");
        env.put("AMQP_PORT", String.valueOf(this.amqpPort));
        env.put("PRIVATE_AMQP_PORT", String.valueOf(this.amqpPort));
        env.put("PRIVATE_AMQP_DIST_PORT", String.valueOf(this.amqpDistPort));
        env.put("PRIVATE_EPMD_PORT", String.valueOf(this.epmdPort));
        env.put("PRIVATE_AMQP_NODENAME", this.amqpNodeName);
        // The staged jars are what the suite runs; the launcher must not build.
        env.put("SKIP_BUILD", "1");
        env.put("READY_TIMEOUT", String.valueOf(this.readyTimeoutSeconds));
        env.put("JAVA_HOME", javaHome);
        // Every request of the suite's traffic may take this long: the requests of a hung
        // worker's jobs end at their deadline (the apps inherit this environment).
        for (String type : List.of("ECHO", "REPORT", "FLAKY", "POISON")) {
            env.put("BACKCHANNEL_JOBS_" + type + "_TIMEOUT", JOB_TIMEOUT.toMillis() + "ms");
        }
        // Each fault's fresh clients come from loopback, through nginx: not the limit on
        // new identities per address under test here.
        env.put("BACKCHANNEL_AUTH_SESSIONS_PER_SECOND", "0");
        // WorkerLog follows the jobs a worker has in hand from its "Job started" lines,
        // which workers write at DEBUG.
        env.put("LOGGING_LEVEL_IO_BACKCHANNEL_WORKER_CONSUMER", "DEBUG");
        return env;
    }

}

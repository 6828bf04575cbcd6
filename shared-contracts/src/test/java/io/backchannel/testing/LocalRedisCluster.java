package io.backchannel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

/**
 * A Redis Cluster of six {@code redis-server} processes on loopback (three primaries,
 * each with one replica), started for a test run and stopped with it: the machine's own
 * Redis is not touched. Each node keeps nothing on disk but its cluster state file, in a
 * directory of its own.
 *
 * <p>
 * {@code REDIS_CLUSTER_NODES} (host:port,...) names a running cluster to use instead;
 * then {@link #killPrimaryOf} is refused, since the processes are not this JVM's.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final int NODES = 6;

    /** Short, so that a killed primary's replica takes over within a few seconds. */
    private static final int NODE_TIMEOUT_MILLIS = 1000;

    private final Path dir;

    private final List<Integer> ports;

    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    private LocalRedisCluster(Path dir, List<Integer> ports) {
        this.dir = dir;
        this.ports = ports;
    }

    /** Starts six nodes and makes them a cluster, or uses {@code REDIS_CLUSTER_NODES}. */
    public static LocalRedisCluster start() {
        String configured = System.getenv("REDIS_CLUSTER_NODES");
        if (configured != null && !configured.isBlank()) {
            List<Integer> ports = new ArrayList<>();
            for (String node : configured.split(",")) {
                ports.add(Integer.parseInt(node.trim().substring(node.trim().lastIndexOf(':') + 1)));
            }
            return new LocalRedisCluster(null, ports);
        }
        try {
            Path dir = Files.createTempDirectory("bc-redis-cluster-");
            LocalRedisCluster cluster = new LocalRedisCluster(dir, freePorts());
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-stop"));
            cluster.launch();
            return cluster;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** host:port of every node, primaries and replicas. */
    public List<String> nodes() {
        return this.ports.stream().map((p) -> "127.0.0.1:" + p).toList();
    }

    /** Spring Boot's settings for a client of this cluster. */
    public Map<String, Object> springProperties() {
        return Map.of("spring.data.redis.cluster.nodes", String.join(",", nodes()));
    }

    /**
     * Kills (SIGKILL) the primary that owns the key's slot and waits until its replica
     * has taken the slot over.
     * @param key a key or channel name
     * @param within how long the takeover may take
     * @return the port of the killed node
     */
    public int killPrimaryOf(String key, Duration within) {
        if (this.dir == null) {
            throw new IllegalStateException("REDIS_CLUSTER_NODES names a cluster this test did not start");
        }
        int slot = slotOf(key);
        int primary = ownerOf(slot, -1);
        // Replication is asynchronous: kill only once the replica has everything, so the
        // test sees a takeover, not the writes a takeover under load may lose.
        waitFor(Duration.ofSeconds(10), () -> replicaCaughtUp(primary), "the replica of " + primary + " to catch up");
        this.processes.get(primary).destroyForcibly();
        waitFor(within, () -> {
            int owner = ownerOf(slot, primary);
            return owner > 0 && owner != primary && clusterOk(owner);
        }, "a replica to take over slot " + slot + " from " + primary);
        return primary;
    }

    /**
     * How many sharded subscribers ({@code SSUBSCRIBE}) the channel has on the primary
     * that owns it, and how many plain ones ({@code SUBSCRIBE}) on that node.
     * @param channel the channel
     * @return {@code [sharded, plain]}
     */
    public long[] subscribers(String channel) {
        int owner = ownerOf(slotOf(channel), -1);
        return new long[] { lastNumber(cli(owner, "PUBSUB", "SHARDNUMSUB", channel)),
                lastNumber(cli(owner, "PUBSUB", "NUMSUB", channel)) };
    }

    /**
     * Starts a killed node again; it rejoins as a replica of the one that replaced it.
     */
    public void restart(int port) {
        Process old = this.processes.get(port);
        if (old != null && old.isAlive()) {
            return;
        }
        this.processes.put(port, spawn(port));
        waitFor(Duration.ofSeconds(20), () -> clusterOk(port), "node " + port + " to rejoin");
    }

    @Override
    public synchronized void close() {
        this.processes.values().forEach(Process::destroyForcibly);
        for (Process process : this.processes.values()) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        this.processes.clear();
    }

    private void launch() {
        for (int port : this.ports) {
            this.processes.put(port, spawn(port));
        }
        for (int port : this.ports) {
            waitFor(Duration.ofSeconds(20), () -> "PONG".equals(cli(port, "PING").trim()), "node " + port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        create.addAll(nodes());
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        run(create, Duration.ofSeconds(60));
        waitFor(Duration.ofSeconds(30), () -> this.ports.stream().allMatch(this::clusterOk) && replicasInSync(),
                "the cluster to be ok on every node");
    }

    private Process spawn(int port) {
        Path nodeDir = this.dir.resolve(String.valueOf(port));
        try {
            Files.createDirectories(nodeDir);
            return new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout",
                    String.valueOf(NODE_TIMEOUT_MILLIS), "--save", "", "--appendonly", "no", "--dir",
                    nodeDir.toString(), "--logfile", "redis.log")
                .redirectErrorStream(true)
                .redirectOutput(nodeDir.resolve("stdout.log").toFile())
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("could not start redis-server (is it installed?)", ex);
        }
    }

    /** The primary serving the slot, as a live node other than {@code dead} sees it. */
    private int ownerOf(int slot, int dead) {
        String nodes = cli(anyLivePort(dead), "CLUSTER", "NODES");
        for (String line : nodes.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
            for (int i = 8; i < f.length; i++) {
                String range = f[i];
                if (range.startsWith("[")) {
                    continue;
                }
                String[] ends = range.split("-");
                int from = Integer.parseInt(ends[0]);
                int to = Integer.parseInt(ends[ends.length - 1]);
                if (slot >= from && slot <= to) {
                    return port;
                }
            }
        }
        return -1;
    }

    private int anyLivePort(int dead) {
        return this.ports.stream()
            .filter((p) -> p != dead && (this.dir == null || this.processes.get(p).isAlive()))
            .findFirst()
            .orElseThrow();
    }

    private int slotOf(String key) {
        return Integer.parseInt(cli(anyLivePort(-1), "CLUSTER", "KEYSLOT", key).trim());
    }

    /** The primary's replication offset is what its replica acknowledged. */
    private boolean replicaCaughtUp(int primary) {
        String info = cli(primary, "INFO", "replication");
        long offset = -1;
        long acknowledged = -2;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("master_repl_offset:")) {
                offset = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
            else if (line.startsWith("slave0:")) {
                for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                    if (field.startsWith("offset=")) {
                        acknowledged = Long.parseLong(field.substring(7));
                    }
                }
            }
        }
        return offset == acknowledged;
    }

    private static long lastNumber(String reply) {
        String[] lines = reply.trim().split("\r?\n");
        return Long.parseLong(lines[lines.length - 1].trim());
    }

    private boolean clusterOk(int port) {
        return cli(port, "CLUSTER", "INFO").contains("cluster_state:ok");
    }

    /**
     * Every replica has finished its first sync, so a failover now loses nothing written
     * before.
     */
    private boolean replicasInSync() {
        return this.ports.stream().allMatch((p) -> {
            String info = cli(p, "INFO", "replication");
            return info.contains("role:master") || info.contains("master_link_status:up");
        });
    }

    private static String cli(int port, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        line.addAll(List.of(command));
        try {
            return run(line, Duration.ofSeconds(10));
        }
        catch (IllegalStateException ex) {
            return "";
        }
    }

    private static String run(List<String> command, Duration within) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void waitFor(Duration within, BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }

    /** Six ports whose cluster bus ports (port + 10000) are free too. */
    private static List<Integer> freePorts() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 29000);
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                ports.add(base + i);
            }
            if (ports.stream().allMatch((p) -> free(p) && free(p + 10000))) {
                return ports;
            }
        }
        throw new IllegalStateException("no six free ports in 20000-29000 with their bus ports");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }

    @Override
    public String toString() {
        return this.ports.stream().map(String::valueOf).collect(Collectors.joining(",", "redis-cluster[", "]"));
    }

}

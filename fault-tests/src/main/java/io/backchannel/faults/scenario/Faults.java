package io.backchannel.faults.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.backchannel.faults.cluster.ClusterException;
import io.backchannel.faults.cluster.ClusterPlan;
import io.backchannel.faults.cluster.RedisAdmin;
import io.backchannel.faults.cluster.WorkerLog;

/**
 * The faults of the suite, in the order it injects them. Each leaves the cluster whole
 * again (every part started and, as the launcher checks, ready).
 */
public final class Faults {

    /** Between the two Redis connection drops: clients and nodes work on meanwhile. */
    private static final Duration BETWEEN_DROPS = Duration.ofSeconds(2);

    /** The longest wait for a Redis Cluster replica to take over its killed primary. */
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration FAILOVER_POLL = Duration.ofMillis(200);

    /** How long a hung worker stays hung after its jobs' deadline. */
    private static final Duration HANG_PAST_DEADLINE = Duration.ofSeconds(5);

    /** How long the worker kill waits for a report job to be running on the worker. */
    private static final Duration IN_HAND_TIMEOUT = Duration.ofSeconds(10);

    private Faults() {
    }

    /** The faults of a cluster on one Redis server. */
    public static List<Fault> all() {
        return List.of(nodeKill(), workerKill(), workerHang(), rabbitmqRestart(), redisDrop(), redisRestart(),
                rollingRestart());
    }

    /**
     * The faults of a cluster on one Redis server whose node {@link #PARTITIONED} runs in
     * a network namespace: {@link #all()}, then that node cut off from Redis, then from
     * the broker.
     */
    public static List<Fault> withPartitions() {
        List<Fault> faults = new ArrayList<>(all());
        faults.add(partition("redis"));
        faults.add(partition("rabbitmq"));
        return List.copyOf(faults);
    }

    /** The node the partition faults cut off: it holds a third of the sockets. */
    public static final int PARTITIONED = 3;

    /**
     * The faults a cluster can take.
     * @param clusters on a Redis Cluster and a RabbitMQ cluster
     * @param partitions with node {@link #PARTITIONED} in a network namespace
     */
    public static List<Fault> of(boolean clusters, boolean partitions) {
        return clusters ? onClusters() : (partitions ? withPartitions() : all());
    }

    /**
     * The faults of a cluster on a Redis Cluster and a RabbitMQ cluster: a node of each
     * lost ({@link #ofClustersThemselves()}), then those of the web nodes and workers,
     * which the clusters underneath must not change.
     */
    public static List<Fault> onClusters() {
        return List.of(redisPrimaryKill(), rabbitmqNodeKill(), nodeKill(), workerKill(), workerHang(),
                rollingRestart());
    }

    /**
     * The faults of a Redis Cluster and a RabbitMQ cluster themselves: a node of each
     * lost.
     */
    public static List<String> ofClustersThemselves() {
        return List.of(redisPrimaryKill().name(), rabbitmqNodeKill().name());
    }

    /**
     * The faults named, in the suite's order.
     * @param clusters whether the cluster runs on a Redis Cluster and a RabbitMQ cluster
     * @throws IllegalArgumentException for a name that is not a fault of such a cluster
     */
    public static List<Fault> named(List<String> names, boolean clusters, boolean partitions) {
        List<Fault> known = of(clusters, partitions);
        List<String> knownNames = known.stream().map(Fault::name).toList();
        for (String name : names) {
            if (!knownNames.contains(name)) {
                String where = clusters ? "a Redis Cluster and a RabbitMQ cluster"
                        : "one Redis server and one broker" + (partitions ? ""
                                : " without network namespaces (partitions need root and ip netns: faults.netns)");
                throw new IllegalArgumentException(
                        "no fault '" + name + "' on " + where + "; the faults are " + knownNames);
            }
        }
        List<Fault> chosen = new ArrayList<>(known);
        chosen.removeIf((fault) -> !names.contains(fault.name()));
        return chosen;
    }

    static Fault nodeKill() {
        String node = ClusterPlan.node(2);
        return new Fault("node-kill", "kill -9 " + node + " (holding a third of the sockets), later start it",
                (ctx) -> {
                    ctx.watchSockets(ctx.plan().nodeId(2));
                    killForAnOutage(ctx, node, node + " down");
                });
    }

    static Fault workerKill() {
        String worker = ClusterPlan.worker(1);
        return new Fault("worker-kill", "kill -9 " + worker + " in the middle of jobs, later start it", (ctx) -> {
            ctx.watchSockets(null);
            WorkerLog log = WorkerLog.read(ctx.plan().runDir().resolve("logs/" + worker + ".log"));
            if (!log.awaitJobInHand("report", IN_HAND_TIMEOUT)) {
                ctx.event(worker + " took no report job within " + IN_HAND_TIMEOUT.toSeconds() + " s");
            }
            ctx.inject("kill -9 " + worker);
            ctx.cluster().kill(worker);
            log.refresh();
            ctx.event(worker + " was killed with " + log.jobsInHand() + " jobs started and not finished (by its log)");
            ctx.hold(ctx.outage(), worker + " down");
            ctx.event("start " + worker);
            ctx.cluster().start(worker);
        });
    }

    /**
     * A worker that hangs with jobs in hand, holding its connections (nothing tells the
     * broker to hand its jobs to another), for longer than any request may take: the
     * requests of those jobs end at their deadline, then the hung worker is killed and
     * started again, as an operator would, and its jobs go back to the queue to be
     * skipped (past their deadline) by whichever worker takes them.
     */
    static Fault workerHang() {
        String worker = ClusterPlan.worker(1);
        return new Fault(
                "worker-hang", "freeze " + worker + " (SIGSTOP) in the middle of jobs for longer than their"
                        + " deadline (" + ClusterPlan.JOB_TIMEOUT.toSeconds() + " s), then kill -9 and start it",
                (ctx) -> {
                    ctx.watchSockets(null);
                    WorkerLog log = WorkerLog.read(ctx.plan().runDir().resolve("logs/" + worker + ".log"));
                    if (!log.awaitJobInHand("report", IN_HAND_TIMEOUT)) {
                        ctx.event(worker + " took no report job within " + IN_HAND_TIMEOUT.toSeconds() + " s");
                    }
                    ctx.inject("kill -STOP " + worker);
                    ctx.cluster().freeze(worker);
                    log.refresh();
                    ctx.event(
                            worker + " hangs with " + log.jobsInHand() + " jobs started and not finished (by its log)");
                    ctx.hold(ClusterPlan.JOB_TIMEOUT.plus(HANG_PAST_DEADLINE),
                            worker + " hung: the requests of its jobs end at their deadline");
                    ctx.event("kill -9 " + worker + ", then start it");
                    ctx.cluster().kill(worker);
                    ctx.cluster().start(worker);
                });
    }

    static Fault rabbitmqRestart() {
        return new Fault("rabbitmq-restart", "restart RabbitMQ (SIGTERM, then start; queues and messages persist)",
                (ctx) -> {
                    ctx.watchSockets(null);
                    ctx.inject("restart rabbitmq");
                    ctx.cluster().restart("rabbitmq");
                });
    }

    static Fault redisDrop() {
        return new Fault("redis-drop", "Redis drops every client connection, then every pub/sub connection", (ctx) -> {
            ctx.watchSockets(null);
            ctx.inject("CLIENT KILL TYPE normal");
            ctx.event("Redis closed " + ctx.redis().clientKill("normal") + " normal connections");
            ctx.hold(BETWEEN_DROPS, "the nodes and workers reconnecting");
            ctx.event("CLIENT KILL TYPE pubsub");
            ctx.event("Redis closed " + ctx.redis().clientKill("pubsub") + " pub/sub connections");
        });
    }

    static Fault redisRestart() {
        return new Fault("redis-restart", "restart Redis (SIGTERM, then start; AOF on, so the data stays)", (ctx) -> {
            ctx.watchSockets(null);
            ctx.inject("restart redis");
            ctx.cluster().restart("redis");
        });
    }

    /**
     * A Redis Cluster primary killed under traffic: its replica takes over (the nodes ran
     * with a node timeout of 2 s) and the nodes and workers follow it; later the killed
     * node comes back, as a replica of the one that replaced it. {@code redis-1} is a
     * primary from the start, and it owns the slots of a third of the clients.
     */
    static Fault redisPrimaryKill() {
        return new Fault("redis-primary-kill",
                "kill -9 redis-1, a Redis Cluster primary (its replica takes over), later start it", (ctx) -> {
                    ctx.watchSockets(null);
                    ctx.inject("kill -9 redis-1");
                    ctx.cluster().kill("redis-1");
                    ctx.hold(ctx.outage(), "redis-1 down");
                    awaitFailover(ctx, 1);
                    ctx.event("start redis-1");
                    ctx.cluster().start("redis-1");
                });
    }

    /**
     * A RabbitMQ cluster node killed under traffic, the one listed first, which most
     * connections chose: they reconnect to the other two, the quorum queues whose leader
     * it was elect another, publishes in flight are not confirmed (intake answers 503,
     * the client retries) and deliveries not acked come again; later it comes back and
     * rejoins.
     */
    static Fault rabbitmqNodeKill() {
        return new Fault("rabbitmq-node-kill",
                "kill -9 rabbitmq-1, a node of the RabbitMQ cluster (quorum queues keep a majority), later start it",
                (ctx) -> {
                    ctx.watchSockets(null);
                    killForAnOutage(ctx, "rabbitmq-1", "rabbitmq-1 down, two of three brokers up");
                });
    }

    /**
     * A network partition between one web node and Redis or the broker: the node's link
     * to it goes down for the outage, its connections stall with nothing to tell them (no
     * reset, no close), then the link comes back. The node keeps its sockets and its
     * other link; its clients' requests to it fail and are sent again, and replies it
     * held wait for the link.
     * @param service {@code redis} or {@code rabbitmq}
     */
    static Fault partition(String service) {
        String node = ClusterPlan.node(PARTITIONED);
        return new Fault("node-" + service + "-partition", "cut " + node + " off from "
                + ("redis".equals(service) ? "Redis" : "RabbitMQ") + " (its veth link down), later join it again",
                (ctx) -> {
                    ctx.watchSockets(null);
                    ctx.inject("partition " + node + " " + service);
                    ctx.cluster().partition(node, service);
                    ctx.hold(ctx.outage(), node + " cut off from " + service);
                    ctx.event("heal " + node);
                    ctx.cluster().heal(node);
                });
    }

    /**
     * Waits until another Redis Cluster node sees the killed primary's slots taken over:
     * only then may it come back, as a replica. Restarted sooner, without persistence, it
     * would come back empty and still own its slots for a moment, and lose what is
     * written to it then: a fault of its own, not the loss of a primary.
     */
    private static void awaitFailover(FaultContext ctx, int killed) throws InterruptedException {
        RedisAdmin survivor = new RedisAdmin(ctx.plan().redisClusterPort(killed + 1));
        int port = ctx.plan().redisClusterPort(killed);
        long start = System.nanoTime();
        while (!survivor.sawFailover(port)) {
            if (System.nanoTime() - start > FAILOVER_TIMEOUT.toNanos()) {
                throw new ClusterException("redis-" + killed + "'s replica did not take over within "
                        + FAILOVER_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(FAILOVER_POLL);
        }
        ctx.event("redis-" + killed + "'s slots served by its former replica");
    }

    /** {@code kill -9} of a part, the outage, and the part started again. */
    private static void killForAnOutage(FaultContext ctx, String part, String meanwhile) throws InterruptedException {
        ctx.inject("kill -9 " + part);
        ctx.cluster().kill(part);
        ctx.hold(ctx.outage(), meanwhile);
        ctx.event("start " + part);
        ctx.cluster().start(part);
    }

    static Fault rollingRestart() {
        return new Fault("rolling-restart",
                "restart every web node gracefully, one at a time (a rolling deploy: drain, 1012, start)", (ctx) -> {
                    for (int i = 1; i <= ClusterPlan.NODES; i++) {
                        ctx.watchSockets(ctx.plan().nodeId(i));
                        ctx.inject("restart " + ClusterPlan.node(i));
                        ctx.cluster().restart(ClusterPlan.node(i));
                    }
                });
    }

}

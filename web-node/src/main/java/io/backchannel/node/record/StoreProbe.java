package io.backchannel.node.record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.backchannel.node.schedule.FixedDelayTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Whether Redis answers this node now. A {@code PING} goes out every interval on the
 * connection the node's commands share; after {@code misses} intervals in a row without
 * an answer, to the pings or to any command on a request's way ({@link #noteAnswered()}),
 * the store counts as {@link #away()} until a ping is answered.
 *
 * <p>
 * Why: a node cut off from Redis by the network (nothing closes its connections) finds
 * out from each command's timeout, two seconds apiece. Meanwhile every request sent to it
 * waits those two seconds for a 503, and a client that sends it again may come back to
 * the same node. Knowing the store is away, the intake refuses at once, and the client's
 * next try (or the load balancer's, which passes a 503 on to the next node) goes to a
 * node that reaches Redis. A Redis that is down for every node is refused as quickly by
 * all of them, which costs nothing more: no request could be taken anyway.
 */
@Component
public class StoreProbe implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(StoreProbe.class);

    /** How often a waiter looks whether the store answers again. */
    private static final long AWAY_POLL_MILLIS = 50;

    private final RedisConnectionFactory redis;

    private final StoreProbeProperties properties;

    /**
     * Platform threads: a ping must not wait for a carrier while a busy node's virtual
     * threads hold them all, or load would read as Redis away.
     */
    private final ExecutorService pings = Executors
        .newCachedThreadPool(Thread.ofPlatform().daemon().name("store-probe-ping-", 0).factory());

    private volatile boolean away;

    private final FixedDelayTimer timer;

    /** The ping not yet answered, if any; touched by the timer's thread alone. */
    private CompletableFuture<Void> ping;

    /**
     * Whether a ping has been answered since the start; written by the timer's thread
     * alone. Until then misses do not count: a node starting on a busy machine may take
     * seconds over its first connection, which is no outage.
     */
    private volatile boolean armed;

    /** When Redis last answered this node, a ping or a command on a request's way. */
    private volatile long lastAnswered = System.nanoTime();

    StoreProbe(RedisConnectionFactory redis, StoreProbeProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.properties = properties;
        this.timer = new FixedDelayTimer("store-probe", properties.interval(), this::probe);
        Gauge.builder("backchannel.store.reachable", this, (probe) -> probe.away ? 0 : 1)
            .description("1 while Redis answers this node's probe, 0 while it does not")
            .register(meters);
    }

    /**
     * Whether the probe can tell an outage: a ping has been answered since the node
     * started. Before that the store never counts as away.
     */
    public boolean watching() {
        return this.armed;
    }

    /** Whether Redis has not answered this node for the last few probes. */
    public boolean away() {
        return this.away;
    }

    /**
     * Notes that Redis answered one of the node's commands. Under a load that delays the
     * probe's pings, answers like this keep the store from counting as away: only a Redis
     * that answers nothing at all is.
     */
    public void noteAnswered() {
        this.lastAnswered = System.nanoTime();
    }

    /**
     * When Redis last answered this node, epoch milliseconds by this node's clock: what a
     * node cut off from Redis compares with its peers' (design note 38).
     */
    public long lastAnsweredAt() {
        return System.currentTimeMillis() - silentMillis();
    }

    /**
     * For a step that would send Redis a command on a request's way: fails at once while
     * the store is away, rather than after the command's timeout.
     * @throws StoreAwayException while Redis does not answer the probe
     */
    public void requireAnswering() {
        if (this.away) {
            throw new StoreAwayException("Redis has not answered this node for " + silentMillis() + " ms");
        }
    }

    /**
     * Waits while the store is away, at most {@code most}: returns as soon as Redis
     * answers the probe again, so that work held for it goes on at once rather than after
     * a fixed pause.
     */
    public void awaitAnswering(Duration most) throws InterruptedException {
        if (!this.away) {
            return;
        }
        long end = System.nanoTime() + most.toNanos();
        long left;
        while (this.away && (left = end - System.nanoTime()) > 0) {
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, AWAY_POLL_MILLIS));
        }
    }

    /** One interval: a ping (or the one still out) is given the interval to answer. */
    void probe() {
        if (this.ping == null || this.ping.isDone()) {
            this.ping = CompletableFuture.runAsync(this::ping, this.pings);
        }
        boolean answered;
        try {
            this.ping.get(this.properties.interval().toMillis(), TimeUnit.MILLISECONDS);
            answered = true;
        }
        catch (TimeoutException | ExecutionException ex) {
            answered = false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        note(answered);
    }

    private void note(boolean answered) {
        if (answered) {
            this.armed = true;
            this.lastAnswered = System.nanoTime();
            if (this.away) {
                this.away = false;
                logger.info("Redis answers again: taking requests");
            }
            return;
        }
        // Silence as long as the misses allowed means no ping of theirs was answered.
        long silence = this.properties.interval().toMillis() * this.properties.misses();
        if (this.armed && !this.away && silentMillis() >= silence) {
            this.away = true;
            logger.warn("Redis has not answered for {} ms: refusing new requests at once until it does",
                    silentMillis());
        }
    }

    private long silentMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.lastAnswered);
    }

    private void ping() {
        try (RedisConnection connection = this.redis.getConnection()) {
            if (connection instanceof RedisClusterConnection cluster) {
                pingAnyPrimary(cluster);
            }
            else {
                connection.ping();
            }
        }
    }

    /**
     * A Redis Cluster answers when any of its primaries does: one shard failing over (its
     * slots refused for a few seconds) is not this node cut off from Redis, and requests
     * for the other shards go on. They are pinged at once, each on its own connection, so
     * that one which hangs does not hide the others.
     */
    private void pingAnyPrimary(RedisClusterConnection cluster) {
        List<RedisClusterNode> primaries = new ArrayList<>();
        cluster.clusterGetNodes().forEach((node) -> {
            if (node.isMaster()) {
                primaries.add(node);
            }
        });
        if (primaries.isEmpty()) {
            throw new IllegalStateException("no primary known");
        }
        CompletableFuture<Void> any = new CompletableFuture<>();
        AtomicInteger failed = new AtomicInteger();
        for (RedisClusterNode primary : primaries) {
            this.pings.execute(() -> {
                try {
                    cluster.ping(primary);
                    any.complete(null);
                }
                catch (RuntimeException ex) {
                    if (failed.incrementAndGet() == primaries.size()) {
                        any.completeExceptionally(ex);
                    }
                }
            });
        }
        any.join();
    }

    @Override
    public void start() {
        if (this.properties.enabled()) {
            this.timer.start();
        }
    }

    @Override
    public void stop() {
        this.timer.stop(true);
        this.pings.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return this.timer.isRunning();
    }

}

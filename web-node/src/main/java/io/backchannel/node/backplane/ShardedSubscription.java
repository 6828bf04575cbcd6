package io.backchannel.node.backplane;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.DefaultMessage;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * This node's {@code SSUBSCRIBE} to its own backplane channel on a Redis Cluster, on a
 * Lettuce cluster pub/sub connection of its own, which sends it to the primary that owns
 * the channel's slot.
 *
 * <p>
 * A shard forgets its subscribers when its primary dies and a replica takes over, and
 * nothing tells the subscriber. So every probe interval this node sends an empty message
 * to its own channel: {@code SPUBLISH} answers how many subscribers the owning primary
 * reached, and none means the subscription is gone. The node then subscribes again (to
 * whichever primary owns the slot now), and the confirmation starts a catch-up of every
 * local socket, as any (re)subscription does. A slot moved away ({@code sunsubscribe}
 * from the server) is probed at once.
 */
final class ShardedSubscription implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(ShardedSubscription.class);

    /** What the probe sends; {@link RedisBackplane} ignores an empty message. */
    private static final byte[] PROBE = new byte[0];

    private final LettuceConnectionFactory connections;

    private final byte[] channel;

    private final RedisBackplane backplane;

    private final ShardedSender sender;

    private final long probeMillis;

    private StatefulRedisClusterPubSubConnection<byte[], byte[]> listening;

    private ScheduledExecutorService prober;

    ShardedSubscription(LettuceConnectionFactory connections, String channel, RedisBackplane backplane,
            ShardedSender sender, BackplaneProperties properties) {
        this.connections = connections;
        this.channel = channel.getBytes(StandardCharsets.UTF_8);
        this.backplane = backplane;
        this.sender = sender;
        this.probeMillis = properties.probeInterval().toMillis();
    }

    @Override
    public synchronized void start() {
        RedisClusterClient client = (RedisClusterClient) this.connections.getRequiredNativeClient();
        this.listening = client.connectPubSub(ByteArrayCodec.INSTANCE);
        this.listening.addListener(new Listener());
        this.prober = Executors
            .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("backplane-probe").factory());
        subscribe();
        this.prober.scheduleWithFixedDelay(this::probe, this.probeMillis, this.probeMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (this.prober != null) {
            this.prober.shutdownNow();
            this.prober = null;
        }
        if (this.listening != null) {
            this.listening.close();
            this.listening = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.listening != null;
    }

    /** The phase of Spring's listener containers: after Redis, before the sockets. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private void subscribe() {
        this.listening.async().ssubscribe(this.channel).exceptionally((ex) -> {
            logger.warn("SSUBSCRIBE failed, the next probe tries again: {}", ex.getMessage());
            return null;
        });
    }

    /** Runs on the probe thread only, so two resubscriptions never race. */
    private void probe() {
        try {
            Long reached = this.sender.sent(this.channel, PROBE).get(this.probeMillis, TimeUnit.MILLISECONDS);
            if (reached != null && reached == 0) {
                logger.warn("The backplane shard no longer knows this node's subscription; subscribing again");
                synchronized (this) {
                    if (this.listening != null) {
                        subscribe();
                    }
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (Exception ex) {
            logger.debug("Backplane probe failed, trying again in {} ms: {}", this.probeMillis, ex.getMessage());
        }
    }

    private final class Listener extends RedisClusterPubSubAdapter<byte[], byte[]> {

        @Override
        public void smessage(RedisClusterNode node, byte[] shardChannel, byte[] message) {
            ShardedSubscription.this.backplane.onMessage(new DefaultMessage(shardChannel, message), null);
        }

        @Override
        public void ssubscribed(RedisClusterNode node, byte[] shardChannel, long count) {
            ShardedSubscription.this.backplane.onChannelSubscribed(shardChannel, count);
        }

        @Override
        public void sunsubscribed(RedisClusterNode node, byte[] shardChannel, long count) {
            ScheduledExecutorService probing = ShardedSubscription.this.prober;
            try {
                if (probing != null) {
                    // The server moved the slot away: find out now, not at the next
                    // probe.
                    probing.execute(ShardedSubscription.this::probe);
                }
            }
            catch (RejectedExecutionException ex) {
                logger.debug("Stopping; not probing after sunsubscribe");
            }
        }

    }

}

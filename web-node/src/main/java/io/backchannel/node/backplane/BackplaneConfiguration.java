package io.backchannel.node.backplane;

import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.session.LocalSessions;
import io.backchannel.node.session.SocketFeed;
import io.backchannel.node.tracing.RequestTrace;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Wires the Redis backplane: the sender, and the subscription to this node's channel.
 * Which pub/sub they speak follows the Redis they are given: sharded on a Redis Cluster
 * (unless {@code backchannel.backplane.sharded=false}), plain on a single server.
 */
@Configuration(proxyBeanMethods = false)
class BackplaneConfiguration {

    private static final Logger logger = LoggerFactory.getLogger(BackplaneConfiguration.class);

    /**
     * More lanes than a node has cores: a lane waits only when a push has to read the
     * inbox.
     */
    private static final int LANES = 8;

    @Bean(destroyMethod = "close")
    ClientLanes backplaneLanes() {
        return new ClientLanes(LANES);
    }

    @Bean
    BackplaneSender backplaneSender(RedisConnectionFactory connections, StringRedisTemplate redis,
            BackplaneProperties properties) {
        if (sharded(connections, properties) instanceof LettuceConnectionFactory cluster) {
            logger.info("Backplane on sharded pub/sub (SPUBLISH/SSUBSCRIBE) of the Redis Cluster");
            return new ShardedSender(cluster);
        }
        return redis::convertAndSend;
    }

    @Bean
    RedisBackplane redisBackplane(BackplaneSender sender, NodeIdentity node, SocketFeed feed, LocalSessions sessions,
            ClientLanes lanes, MeterRegistry meters, RequestTrace trace) {
        SimpleAsyncTaskExecutor catchUps = new SimpleAsyncTaskExecutor("backplane-catch-up-");
        catchUps.setVirtualThreads(true);
        return new RedisBackplane(sender, node, feed, sessions, catchUps, lanes, meters, trace);
    }

    @Bean
    SmartLifecycle backplaneSubscription(RedisConnectionFactory connections, RedisBackplane backplane,
            BackplaneSender sender, NodeIdentity node, BackplaneProperties properties) {
        String channel = RedisKeys.nodeChannel(node.id());
        if (sharded(connections, properties) instanceof LettuceConnectionFactory cluster
                && sender instanceof ShardedSender sharded) {
            return new ShardedSubscription(cluster, channel, backplane, sharded, properties);
        }
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        // Messages are read where they arrive, in order;
        // RedisBackplane hands each push to its client's lane.
        container.setTaskExecutor(new SyncTaskExecutor());
        // Retry a lost subscription quickly: every second without it
        // is a second of pushes lost (recovered by the catch-up, but
        // later than they could be).
        container.setRecoveryInterval(1000);
        container.addMessageListener(backplane, new ChannelTopic(channel));
        return container;
    }

    /**
     * The cluster's connection factory when the backplane should be sharded, else null.
     */
    private static LettuceConnectionFactory sharded(RedisConnectionFactory connections,
            BackplaneProperties properties) {
        if (properties.sharded() && connections instanceof LettuceConnectionFactory lettuce
                && lettuce.isClusterAware()) {
            return lettuce;
        }
        return null;
    }

}

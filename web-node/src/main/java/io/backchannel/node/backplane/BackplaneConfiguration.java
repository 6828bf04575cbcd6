package io.backchannel.node.backplane;

import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.session.LocalSessions;
import io.backchannel.node.session.SocketFeed;
import io.backchannel.node.tracing.RequestTrace;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Wires the Redis backplane: the publisher, and the subscription to this node's channel.
 */
@Configuration(proxyBeanMethods = false)
class BackplaneConfiguration {

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
    RedisBackplane redisBackplane(StringRedisTemplate redis, NodeIdentity node, SocketFeed feed, LocalSessions sessions,
            ClientLanes lanes, MeterRegistry meters, RequestTrace trace) {
        SimpleAsyncTaskExecutor catchUps = new SimpleAsyncTaskExecutor("backplane-catch-up-");
        catchUps.setVirtualThreads(true);
        return new RedisBackplane(redis, node, feed, sessions, catchUps, lanes, meters, trace);
    }

    @Bean
    RedisMessageListenerContainer backplaneSubscription(RedisConnectionFactory connections, RedisBackplane backplane,
            NodeIdentity node) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        // Messages are read where they arrive, in order;
        // RedisBackplane hands each push to its client's lane.
        container.setTaskExecutor(new SyncTaskExecutor());
        // Retry a lost subscription quickly: every second without it
        // is a second of pushes lost (recovered by the catch-up, but
        // later than they could be).
        container.setRecoveryInterval(1000);
        container.addMessageListener(backplane, new ChannelTopic(RedisKeys.nodeChannel(node.id())));
        return container;
    }

}

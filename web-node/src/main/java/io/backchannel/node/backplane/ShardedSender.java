package io.backchannel.node.backplane;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.function.SingletonSupplier;

/**
 * Sends backplane messages with {@code SPUBLISH}, which a Redis Cluster delivers within
 * the one shard that owns the channel's slot (plain {@code PUBLISH} is relayed to every
 * node of the cluster). Spring Data Redis has no sharded pub/sub, so this uses Lettuce's
 * cluster client, the one Spring Boot configured, on a connection of its own that is
 * opened on first use.
 */
final class ShardedSender implements BackplaneSender, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(ShardedSender.class);

    private final SingletonSupplier<StatefulRedisClusterConnection<byte[], byte[]>> connection;

    ShardedSender(LettuceConnectionFactory connections) {
        this.connection = SingletonSupplier
            .of(() -> ((RedisClusterClient) connections.getRequiredNativeClient()).connect(ByteArrayCodec.INSTANCE));
    }

    @Override
    public void send(String channel, String message) {
        sent(channel.getBytes(StandardCharsets.UTF_8), message.getBytes(StandardCharsets.UTF_8)).exceptionally((ex) -> {
            logger.debug("SPUBLISH to {} failed: {}", channel, ex.getMessage());
            return 0L;
        });
    }

    /**
     * Sends, and completes with how many subscribers the primary that owns the channel
     * reached (its replicas' subscribers are not counted).
     */
    CompletableFuture<Long> sent(byte[] channel, byte[] message) {
        return this.connection.obtain().async().spublish(channel, message).toCompletableFuture();
    }

    @Override
    public void close() {
        StatefulRedisClusterConnection<byte[], byte[]> opened = this.connection.get();
        if (opened != null) {
            opened.close();
        }
    }

}

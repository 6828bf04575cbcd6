package io.backchannel.node.presence;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.cluster.NodeProperties;
import io.backchannel.node.record.RedisScripts;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Where each client is connected: {@code bc:{clientId}:presence}, one field per socket
 * ({@code nodeId|sessionId}) whose value is when it expires. A node refreshes its
 * sockets' entries on every heartbeat, so the entries of a node that died expire on their
 * own; the reply step drops expired ones as it reads them. A new socket is announced only
 * while its client holds fewer live sockets than it may ({@code register-presence.lua}),
 * so the limit holds across all nodes.
 */
@Component
public class PresenceRegistry {

    private final StringRedisTemplate redis;

    private final NodeIdentity node;

    private final Clock clock;

    private final long ttlMillis;

    private final RedisScripts scripts;

    public PresenceRegistry(StringRedisTemplate redis, NodeIdentity node, NodeProperties properties, Clock clock,
            RedisScripts scripts) {
        this.redis = redis;
        this.scripts = scripts;
        this.node = node;
        this.clock = clock;
        this.ttlMillis = properties.heartbeatTtl().toMillis();
    }

    /**
     * Announces a new socket, unless its client already holds {@code maxSockets} live
     * ones on any node.
     * @return whether it was announced
     */
    public boolean register(ClientId client, String sessionId, int maxSockets) {
        long now = this.clock.millis();
        Long registered = this.redis.execute(this.scripts.registerPresence(), List.of(RedisKeys.presence(client)),
                RedisKeys.presenceField(this.node.id(), sessionId), Long.toString(now),
                Long.toString(now + this.ttlMillis), Integer.toString(maxSockets));
        return registered != null && registered == 1;
    }

    /**
     * The nodes holding a live socket (or a waiting call) of the client, for an event
     * appended to its inbox before this read: a socket announced after it replays the
     * inbox once welcomed, so it misses nothing.
     */
    public List<NodeId> nodesOf(ClientId client) {
        long now = this.clock.millis();
        Set<NodeId> nodes = new LinkedHashSet<>();
        this.redis.<String, String>opsForHash().entries(RedisKeys.presence(client)).forEach((field, expires) -> {
            int bar = field.indexOf('|');
            if (bar > 0 && parseOrZero(expires) >= now) {
                nodes.add(NodeId.of(field.substring(0, bar)));
            }
        });
        return List.copyOf(nodes);
    }

    private static long parseOrZero(String number) {
        try {
            return Long.parseLong(number);
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    public void unregister(ClientId client, String sessionId) {
        this.redis.opsForHash().delete(RedisKeys.presence(client), RedisKeys.presenceField(this.node.id(), sessionId));
    }

    /** Re-announces the given sockets in one round trip. */
    public void refresh(Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        byte[] expires = bytes(Long.toString(this.clock.millis() + this.ttlMillis));
        this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
            for (Entry entry : entries) {
                byte[] key = bytes(RedisKeys.presence(entry.client()));
                connection.hashCommands()
                    .hSet(key, bytes(RedisKeys.presenceField(this.node.id(), entry.sessionId())), expires);
                connection.keyCommands().pExpire(key, this.ttlMillis);
            }
            return null;
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One socket's presence.
     *
     * @param client its owner
     * @param sessionId its id on this node
     */
    public record Entry(ClientId client, String sessionId) {

    }

}

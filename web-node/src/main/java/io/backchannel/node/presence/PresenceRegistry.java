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
import io.backchannel.node.cluster.NodeRegistry;
import io.backchannel.node.cluster.NodeProperties;
import io.backchannel.node.record.RedisScripts;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Where each client is connected: {@code bc:{clientId}:presence}, one field per socket
 * ({@code nodeId|incarnation.sessionId}) whose value is when it expires. The entries live
 * long ({@code presence-refresh} × 3) and a node writes each again once per presence
 * refresh, a slice of them per heartbeat, so an idle socket costs Redis little. Whether
 * an entry's node is alive is the {@link NodeRegistry}'s to tell, by heartbeat: a new
 * socket is announced only while its client holds fewer live sockets than it may
 * ({@code register-presence.lua}), not counting, and dropping, the entries of dead nodes
 * and of earlier processes of a live node's id; so the limit holds across all nodes. The
 * reply step drops expired entries as it reads them (design note 37).
 */
@Component
public class PresenceRegistry {

    private final StringRedisTemplate redis;

    private final NodeIdentity node;

    private final Clock clock;

    private final long leaseMillis;

    private final RedisScripts scripts;

    private final NodeRegistry registry;

    public PresenceRegistry(StringRedisTemplate redis, NodeIdentity node, NodeProperties properties, Clock clock,
            RedisScripts scripts, NodeRegistry registry) {
        this.redis = redis;
        this.scripts = scripts;
        this.node = node;
        this.clock = clock;
        this.registry = registry;
        this.leaseMillis = properties.presenceLease().toMillis();
    }

    /**
     * Announces a new socket, unless its client already holds {@code maxSockets} live
     * ones on any node.
     * @return whether it was announced
     */
    public boolean register(ClientId client, String sessionId, int maxSockets) {
        long now = this.clock.millis();
        List<String> cutoffs = this.registry.presenceCutoffs();
        Object[] args = new Object[4 + cutoffs.size()];
        args[0] = field(sessionId);
        args[1] = Long.toString(now);
        args[2] = Long.toString(now + this.leaseMillis);
        args[3] = Integer.toString(maxSockets);
        for (int i = 0; i < cutoffs.size(); i++) {
            args[4 + i] = cutoffs.get(i);
        }
        Long registered = this.redis.execute(this.scripts.registerPresence(), List.of(RedisKeys.presence(client)),
                args);
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
        this.redis.opsForHash().delete(RedisKeys.presence(client), field(sessionId));
    }

    /** A socket's field: this node, its incarnation, the socket. */
    private String field(String sessionId) {
        return RedisKeys.presenceField(this.node.id(), this.node.incarnation() + "." + sessionId);
    }

    /** Writes the given sockets' entries again, in one round trip. */
    public void refresh(Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        byte[] expires = bytes(Long.toString(this.clock.millis() + this.leaseMillis));
        this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
            for (Entry entry : entries) {
                byte[] key = bytes(RedisKeys.presence(entry.client()));
                connection.hashCommands().hSet(key, bytes(field(entry.sessionId())), expires);
                connection.keyCommands().pExpire(key, this.leaseMillis);
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

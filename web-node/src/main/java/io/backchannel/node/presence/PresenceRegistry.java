package io.backchannel.node.presence;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.cluster.NodeRegistry;
import io.backchannel.node.cluster.NodeProperties;
import io.backchannel.node.record.RedisScripts;
import io.backchannel.node.record.StoreProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
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
 *
 * <p>
 * A socket closed while Redis does not answer this node leaves its entry behind, which
 * would count against its client's limit for the whole lease: such entries are kept here
 * and removed with the next refresh that Redis answers (design note 38).
 */
@Component
public class PresenceRegistry {

    private static final Logger logger = LoggerFactory.getLogger(PresenceRegistry.class);

    /**
     * Entries left behind at most; beyond it they lapse with their lease. A node cut off
     * from Redis closes at most the sockets it holds, so this is reached only by a node
     * holding more than this many.
     */
    static final int MAX_LEFTOVERS = 100_000;

    private final StringRedisTemplate redis;

    private final NodeIdentity node;

    private final Clock clock;

    private final long leaseMillis;

    private final RedisScripts scripts;

    private final NodeRegistry registry;

    private final StoreProbe store;

    /** Entries of sockets closed while Redis did not answer, to remove once it does. */
    private final ConcurrentLinkedQueue<Leftover> leftovers = new ConcurrentLinkedQueue<>();

    private final AtomicInteger leftoverCount = new AtomicInteger();

    public PresenceRegistry(StringRedisTemplate redis, NodeIdentity node, NodeProperties properties, Clock clock,
            RedisScripts scripts, NodeRegistry registry, StoreProbe store) {
        this.redis = redis;
        this.store = store;
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

    /**
     * Which of {@code clients} hold a live socket on another node than this one, in one
     * round trip: how a draining node tells that the clients it closed were welcomed
     * elsewhere.
     */
    public Set<ClientId> heldElsewhere(List<ClientId> clients) {
        long now = this.clock.millis();
        String ours = RedisKeys.presenceField(this.node.id(), "");
        List<Object> hashes = this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
            for (ClientId client : clients) {
                connection.hashCommands().hGetAll(bytes(RedisKeys.presence(client)));
            }
            return null;
        });
        Set<ClientId> held = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            if (hashes.get(i) instanceof Map<?, ?> entries && entries.entrySet()
                .stream()
                .anyMatch((entry) -> !String.valueOf(entry.getKey()).startsWith(ours)
                        && parseOrZero(String.valueOf(entry.getValue())) >= now)) {
                held.add(clients.get(i));
            }
        }
        return held;
    }

    private static long parseOrZero(String number) {
        try {
            return Long.parseLong(number);
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    /**
     * Removes a closed socket's entry; while Redis does not answer, keeps it to remove
     * with the next refresh instead of waiting for the command's timeout.
     */
    public void unregister(ClientId client, String sessionId) {
        remove(List.of(new Leftover(RedisKeys.presence(client), field(sessionId))));
    }

    /**
     * Removes the entries of sockets closed together, in one round trip: a drain closes
     * thousands. Those Redis does not take now are kept for the next refresh.
     */
    public void unregisterAll(Collection<Entry> closed) {
        remove(closed.stream()
            .map((entry) -> new Leftover(RedisKeys.presence(entry.client()), field(entry.sessionId())))
            .toList());
    }

    private void remove(List<Leftover> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (!this.store.away()) {
            try {
                if (entries.size() == 1) {
                    this.redis.opsForHash().delete(entries.get(0).key(), entries.get(0).field());
                }
                else {
                    this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
                        for (Leftover entry : entries) {
                            connection.hashCommands().hDel(bytes(entry.key()), bytes(entry.field()));
                        }
                        return null;
                    });
                }
                return;
            }
            catch (DataAccessException ex) {
                logger.debug("Could not remove presence of {} closed sockets now, will with the next refresh: {}",
                        entries.size(), ex.getMessage());
            }
        }
        entries.forEach(this::keep);
    }

    private void keep(Leftover entry) {
        if (this.leftoverCount.incrementAndGet() > MAX_LEFTOVERS) {
            this.leftoverCount.decrementAndGet();
            return;
        }
        this.leftovers.add(entry);
    }

    /** Entries of closed sockets still to remove from Redis. */
    int leftovers() {
        return this.leftoverCount.get();
    }

    /** A socket's field: this node, its incarnation, the socket. */
    private String field(String sessionId) {
        return RedisKeys.presenceField(this.node.id(), this.node.incarnation() + "." + sessionId);
    }

    /**
     * Writes the given sockets' entries again, and removes those of sockets closed while
     * Redis did not answer, in one round trip.
     */
    public void refresh(Collection<Entry> entries) {
        List<Leftover> removals = new ArrayList<>();
        for (Leftover entry; (entry = this.leftovers.poll()) != null;) {
            this.leftoverCount.decrementAndGet();
            removals.add(entry);
        }
        if (entries.isEmpty() && removals.isEmpty()) {
            return;
        }
        byte[] expires = bytes(Long.toString(this.clock.millis() + this.leaseMillis));
        try {
            this.redis.executePipelined((RedisCallback<Object>) (connection) -> {
                for (Entry entry : entries) {
                    byte[] key = bytes(RedisKeys.presence(entry.client()));
                    connection.hashCommands().hSet(key, bytes(field(entry.sessionId())), expires);
                    connection.keyCommands().pExpire(key, this.leaseMillis);
                }
                for (Leftover removal : removals) {
                    connection.hashCommands().hDel(bytes(removal.key()), bytes(removal.field()));
                }
                return null;
            });
        }
        catch (DataAccessException ex) {
            removals.forEach(this::keep);
            throw ex;
        }
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

    /** The entry of a socket closed while Redis did not answer: its key and field. */
    private record Leftover(String key, String field) {

    }

}

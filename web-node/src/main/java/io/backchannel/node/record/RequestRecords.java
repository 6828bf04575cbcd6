package io.backchannel.node.record;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RecordField;
import io.backchannel.contracts.redis.RedisKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Owns the request records, the inbox writes and each client's set of unfinished requests
 * ({@link RedisKeys} documents the layout). Every change is one Lua step on one client's
 * keys, so it is atomic and Redis Cluster ready.
 *
 * <p>
 * Guarantees: a record is created once per (client, correlation id); it only moves
 * forward; an update is appended to the inbox at most once.
 */
@Component
public class RequestRecords {

    private final StringRedisTemplate redis;

    private final RecordProperties properties;

    private final RedisScripts scripts;

    private final ReplicaAcks replicaAcks;

    private final StoreProbe probe;

    /**
     * The retention arguments of apply-update.lua: the default, then type and retention
     * pairs; the script knows the record's type, the update does not.
     */
    private final List<String> retentionArgs;

    RequestRecords(StringRedisTemplate redis, RecordProperties properties, RedisScripts scripts,
            ReplicaAcks replicaAcks, StoreProbe probe) {
        this.probe = probe;
        this.redis = redis;
        this.properties = properties;
        this.scripts = scripts;
        this.replicaAcks = replicaAcks;
        List<String> retention = new ArrayList<>(List.of(Long.toString(properties.retention().toSeconds())));
        properties.retentionByType().forEach((type, kept) -> {
            retention.add(type);
            retention.add(Long.toString(kept.toSeconds()));
        });
        this.retentionArgs = List.copyOf(retention);
    }

    /**
     * Writes the record of a new request if there is none for this client and id, and
     * counts it among the client's unfinished requests until its terminal update.
     * @param maxInFlight the most unfinished requests the client may have; a request that
     * still has to be published is {@link AcceptOutcome.Kind#BUSY} beyond it (0: only
     * retries of published requests are answered)
     * @param deadlineMillis when a new request ends without its worker (a retry keeps the
     * deadline of the first try)
     * @param callbackUrl where its terminal record is to be POSTed, or null
     */
    public AcceptOutcome accept(ClientId client, CorrelationId id, String type, String payloadHash, NodeId acceptedBy,
            long nowMillis, int maxInFlight, long deadlineMillis, @Nullable String callbackUrl) {
        this.probe.requireAnswering();
        long ttlSeconds = Math.max(0, deadlineMillis - nowMillis) / 1000 + 1
                + this.properties.retention(type).toSeconds();
        List<?> reply = this.redis.execute(this.scripts.accept(),
                List.of(RedisKeys.record(client, id), RedisKeys.inflight(client), RedisKeys.requests(client)), type,
                payloadHash, acceptedBy.value(), Long.toString(nowMillis), Long.toString(ttlSeconds), id.value(),
                Integer.toString(maxInFlight), Long.toString(deadlineMillis),
                Integer.toString(this.properties.listMaxLength()), (callbackUrl != null) ? callbackUrl : "");
        this.probe.noteAnswered();
        AcceptOutcome.Kind kind = AcceptOutcome.Kind.valueOf(((String) reply.get(0)).toUpperCase(Locale.ROOT));
        if (kind == AcceptOutcome.Kind.CONFLICT || kind == AcceptOutcome.Kind.BUSY) {
            return new AcceptOutcome(kind, null);
        }
        this.replicaAcks.await(RedisKeys.record(client, id));
        return new AcceptOutcome(kind, new StoredRecord(id, pairs(reply, 1)));
    }

    /**
     * Stops counting a request whose job could not be published (it was answered 503): a
     * client that never sends it again must not keep the slot until the record expires.
     * Sending it again counts it anew.
     */
    public void release(ClientId client, CorrelationId id) {
        this.redis.opsForZSet().remove(RedisKeys.inflight(client), id.value());
    }

    /**
     * Notes that the broker confirmed the job, so a retry of the request publishes
     * nothing.
     */
    public void markPublished(ClientId client, CorrelationId id) {
        this.redis.execute(this.scripts.markPublished(), List.of(RedisKeys.record(client, id)));
    }

    public StoredRecord find(ClientId client, CorrelationId id) {
        Map<Object, Object> raw = this.redis.opsForHash().entries(RedisKeys.record(client, id));
        if (raw.isEmpty()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        raw.forEach((k, v) -> fields.put((String) k, (String) v));
        return new StoredRecord(id, fields);
    }

    /**
     * Applies a worker update in one atomic step: drop it if unknown or stale, else
     * advance the record and append {@code eventBody} to the owner's inbox; return where
     * the owner is.
     */
    public ApplyOutcome apply(ClientId client, CorrelationId id, JobUpdate update, String eventBody, long nowMillis) {
        List<Object> args = new ArrayList<>(
                List.of(Integer.toString(update.attempt()), Integer.toString(update.seq()), update.status().name(),
                        (update.progress() != null) ? update.progress().toString() : "", orEmpty(update.stage()),
                        (update.result() != null) ? Json.mapper().writeValueAsString(update.result()) : "",
                        (update.error() != null) ? Json.mapper().writeValueAsString(update.error()) : "", eventBody,
                        Long.toString(nowMillis), Integer.toString(this.properties.inboxMaxLength()),
                        Long.toString(this.properties.inboxTtl().toSeconds()), id.value()));
        args.addAll(this.retentionArgs);
        List<?> reply = this.redis.execute(this.scripts.apply(), List.of(RedisKeys.record(client, id),
                RedisKeys.inbox(client), RedisKeys.presence(client), RedisKeys.inflight(client)), args.toArray());
        ApplyOutcome.Kind kind = ApplyOutcome.Kind.valueOf(((String) reply.get(0)).toUpperCase(Locale.ROOT));
        if (!kind.delivers()) {
            return new ApplyOutcome(kind, null, null, 0, null, 0, null, List.of());
        }
        if (kind == ApplyOutcome.Kind.APPLIED) {
            this.replicaAcks.await(RedisKeys.record(client, id));
        }
        List<NodeId> nodes = new ArrayList<>();
        for (int i = 7; i < reply.size(); i++) {
            nodes.add(NodeId.of((String) reply.get(i)));
        }
        String previous = (String) reply.get(2);
        return new ApplyOutcome(kind, (String) reply.get(1), previous.isEmpty() ? null : previous,
                Long.parseLong((String) reply.get(3)), (String) reply.get(4), Long.parseLong((String) reply.get(5)),
                ((String) reply.get(6)).isEmpty() ? null : (String) reply.get(6), nodes);
    }

    /**
     * Enters a request in the deadline index unless it is there: before its job is
     * published, so that whatever becomes of the job, of its worker or of this node, some
     * node ends the request at its deadline. A request refused after this (busy,
     * conflict) leaves an entry behind that ends nothing: at its deadline it finds no
     * record, or one that is terminal, and is removed.
     */
    public void indexDeadline(ClientId client, CorrelationId id, long deadlineMillis) {
        this.redis.opsForZSet()
            .addIfAbsent(RedisKeys.deadlines(), RedisKeys.deadlineMember(client, id), deadlineMillis);
    }

    /**
     * Takes up to {@code limit} requests whose deadline is at or before {@code nowMillis}
     * for this node to end, leasing each for {@code leaseMillis}: the other nodes pass
     * them by until then, and take them again if this node has not ended and
     * {@link #forgetDeadlines forgotten} them by then.
     */
    public List<String> claimDeadlines(long nowMillis, int limit, long leaseMillis) {
        List<?> members = this.redis.execute(this.scripts.claimDeadlines(), List.of(RedisKeys.deadlines()),
                Long.toString(nowMillis), Integer.toString(limit), Long.toString(leaseMillis));
        return (members != null) ? members.stream().map(String::valueOf).toList() : List.of();
    }

    /**
     * Has the client's updates routed to {@code node} until {@code untilMillis}, for HTTP
     * calls there that wait for one of its requests to end (as a socket of the client
     * would have them routed, without counting as one).
     */
    public void announceWaiter(ClientId client, NodeId node, long untilMillis, long nowMillis) {
        this.redis.execute(this.scripts.announceWaiter(), List.of(RedisKeys.presence(client)),
                RedisKeys.presenceField(node, "wait"), Long.toString(untilMillis), Long.toString(nowMillis));
    }

    /**
     * A page of the client's requests, newest first.
     * @param statuses the statuses wanted; empty for all
     * @param after the cursor of the previous page, or null for the first
     */
    public RequestPage list(ClientId client, Set<RequestStatus> statuses, int limit,
            RequestPage.@Nullable Cursor after) {
        String wanted = statuses.stream().map(Enum::name).collect(Collectors.joining(","));
        List<?> reply = this.redis.execute(this.scripts.listRequests(), List.of(RedisKeys.requests(client)),
                RedisKeys.recordPrefix(client), Integer.toString(limit), wanted,
                (after != null) ? Long.toString(after.createdAt()) : "", (after != null) ? after.correlationId() : "",
                Integer.toString(LIST_LOOK_AT_MOST));
        List<StoredRecord> records = new ArrayList<>();
        int i = 2;
        while (i < reply.size()) {
            int pairs = ((Number) reply.get(i)).intValue();
            Map<String, String> fields = pairs(reply.subList(i + 1, i + 1 + 2 * pairs), 0);
            String id = fields.remove("correlationId");
            records.add(new StoredRecord(CorrelationId.of(id), fields));
            i += 1 + 2 * pairs;
        }
        String nextAt = (String) reply.get(0);
        RequestPage.Cursor next = nextAt.isEmpty() ? null
                : new RequestPage.Cursor((long) Double.parseDouble(nextAt), (String) reply.get(1));
        return new RequestPage(records, next);
    }

    /** Removes ended requests from the deadline index, in one command. */
    public void forgetDeadlines(Collection<String> members) {
        if (!members.isEmpty()) {
            this.redis.opsForZSet().remove(RedisKeys.deadlines(), members.toArray());
        }
    }

    /** Notes how a request's callback delivery stands. */
    public void noteCallback(ClientId client, CorrelationId id, String state, int attempts) {
        String key = RedisKeys.record(client, id);
        // Never recreates a record that expired meanwhile.
        if (Boolean.TRUE.equals(this.redis.hasKey(key))) {
            this.redis.opsForHash()
                .putAll(key, Map.of(RecordField.CALLBACK_STATE, state, RecordField.CALLBACK_ATTEMPTS,
                        Integer.toString(attempts)));
        }
    }

    private static String orEmpty(String value) {
        return (value != null) ? value : "";
    }

    /**
     * Entries of a client's list one page looks at, at most: a page may come back short.
     */
    private static final int LIST_LOOK_AT_MOST = 500;

    private static Map<String, String> pairs(List<?> reply, int from) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = from; i + 1 < reply.size(); i += 2) {
            fields.put((String) reply.get(i), (String) reply.get(i + 1));
        }
        return fields;
    }

}

package io.backchannel.contracts.redis;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.NodeId;

/**
 * The Redis key layout. All keys of one client share the hash tag {@code {clientId}}, so
 * one Lua step touches one slot and the layout works on Redis Cluster. The deadline index
 * and the node registry are the keys shared by every client; each is only ever touched by
 * commands of its own. Nothing scans keys: on a cluster a scan would have to visit every
 * shard.
 *
 * <pre>
 * bc:{clientId}:req:{correlationId}   hash    the request record (fields: {@link RecordField}); EXPIRE timeout +
 *                                             retention on intake, retention on the terminal update
 *     HSET ... status QUEUED seq 0 ...          on intake, only if absent (accept-request.lua)
 *     HSET ... status RUNNING seq n+1 ...       on a newer update (apply-update.lua)
 * bc:{clientId}:inbox                 stream  the client's events, id = eventId; fields seq, body (update JSON)
 *     XADD ... MAXLEN ~ inbox-max-length * seq 3 body {...}
 *     XRANGE ... (lastEventId +                 replay after a (re)connect
 * bc:{clientId}:published:{id}       string  a backend's publish to the client: eventId|fingerprint; EX inbox TTL
 *     XADD to the inbox and SET, once per id    on POST /api/publish (publish-event.lua)
 * bc:{clientId}:presence              hash    field nodeId|sessionId, value = expiry (epoch ms)
 *     HSET ... node-a|s1 1700000000000          on hello, only under the socket limit (register-presence.lua), and
 *                                               on every heartbeat
 *     HDEL ... node-a|s1                        on close; expired fields are dropped by apply-update.lua
 * bc:{clientId}:inflight              zset    the client's unfinished requests: member correlationId, score = when
 *                                             the record expires (epoch ms); EXPIRE as the record
 *     ZADD ... 1700086400000 {correlationId}    on intake, only under the in-flight limit (accept-request.lua)
 *     ZREM ... {correlationId}                  on the terminal update (apply-update.lua); members whose record
 *                                               expired are dropped by ZREMRANGEBYSCORE ... -inf now
 * bc:{clientId}:requests              zset    the client's requests: member correlationId, score = createdAt
 *     ZADD ... 1700000000000 {correlationId}    on intake, trimmed to list-max-length (accept-request.lua)
 *     ZREVRANGEBYSCORE ...                      a page of GET /api/requests (list-requests.lua); members whose
 *                                               record expired are dropped on the way
 * bc:{clientId}:rate                  hash    the client's request token bucket: fields tokens, at (epoch ms)
 *     HSET ... tokens 99 at 1700000000000       on every POST /api/requests (rate-limit.lua); PEXPIRE until full
 * bc:mint:{address}                   hash    new anonymous identities per source address: a token bucket as
 *                                             bc:{clientId}:rate (rate-limit.lua on POST /api/sessions)
 * bc:deadlines                        zset    unfinished requests by deadline: member clientId|correlationId,
 *                                             score = deadline (epoch ms)
 *     ZADD NX ... 1700000030000 c|id            on intake, before the job is published
 *     ZADD XX ... now+lease c|id                when a node takes it to end it (claim-deadlines.lua)
 *     ZREM ... c|id                             once it has ended (in batches for ends that came from workers)
 * bc:nodes                            hash    the live web nodes: field nodeId, value = its heartbeat (JSON, with
 *                                             the time it was written); PEXPIRE heartbeat-ttl
 *     HSET ... node-a {...}                     on every heartbeat; HDEL on a clean stop, and by GET /api/cluster
 *                                               for a heartbeat older than heartbeat-ttl (a killed node)
 * bc:node:{nodeId}                    channel the node's backplane: others SPUBLISH there and the node
 *                                             SSUBSCRIBEs on a Redis Cluster (one shard carries it); PUBLISH and
 *                                             SUBSCRIBE on a single server
 * </pre>
 */
public final class RedisKeys {

    public static final String PREFIX = "bc:";

    public static final String NODE_PREFIX = PREFIX + "node:";

    private RedisKeys() {
    }

    public static String record(ClientId client, CorrelationId correlation) {
        return PREFIX + "{" + client.value() + "}:req:" + correlation.value();
    }

    public static String inbox(ClientId client) {
        return PREFIX + "{" + client.value() + "}:inbox";
    }

    public static String published(ClientId client, String publishId) {
        return PREFIX + "{" + client.value() + "}:published:" + publishId;
    }

    public static String presence(ClientId client) {
        return PREFIX + "{" + client.value() + "}:presence";
    }

    /** The client's requests by creation time, for its list. */
    public static String requests(ClientId client) {
        return PREFIX + "{" + client.value() + "}:requests";
    }

    /** What every record key of the client starts with. */
    public static String recordPrefix(ClientId client) {
        return PREFIX + "{" + client.value() + "}:req:";
    }

    public static String inflight(ClientId client) {
        return PREFIX + "{" + client.value() + "}:inflight";
    }

    public static String rate(ClientId client) {
        return PREFIX + "{" + client.value() + "}:rate";
    }

    /** The deadline index (see above). */
    public static String sessionMints(String address) {
        return PREFIX + "mint:{" + address + "}";
    }

    public static String deadlines() {
        return PREFIX + "deadlines";
    }

    /** A request's member of the deadline index. */
    public static String deadlineMember(ClientId client, CorrelationId correlation) {
        return client.value() + "|" + correlation.value();
    }

    public static String presenceField(NodeId node, String sessionId) {
        return node.value() + "|" + sessionId;
    }

    /** The registry of live web nodes (one hash, so the cluster view reads one key). */
    public static String nodes() {
        return PREFIX + "nodes";
    }

    public static String nodeChannel(NodeId node) {
        return NODE_PREFIX + node.value();
    }

}

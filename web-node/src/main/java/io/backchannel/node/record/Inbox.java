package io.backchannel.node.record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.redis.RedisKeys;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a client's inbox, the stream every update of the client (and every event a
 * backend published to it) is appended to. It is the guarantee behind the push: whatever
 * a socket missed, it reads back from here.
 */
@Component
public class Inbox {

    /**
     * The greatest stream id there can be: nothing comes after it, and Redis refuses a
     * range that starts after it.
     */
    private static final String LAST_POSSIBLE_ID = "18446744073709551615-18446744073709551615";

    private final StringRedisTemplate redis;

    private final RedisScripts scripts;

    private final int batch;

    private final int maxLength;

    private final Duration ttl;

    private final ReplicaAcks replicaAcks;

    Inbox(StringRedisTemplate redis, RedisScripts scripts, RecordProperties properties, ReplicaAcks replicaAcks) {
        this.redis = redis;
        this.replicaAcks = replicaAcks;
        this.scripts = scripts;
        this.batch = properties.replayBatch();
        this.maxLength = properties.inboxMaxLength();
        this.ttl = properties.inboxTtl();
    }

    /**
     * Appends an event a backend published, unless this publish id was appended before.
     * @param body the frame as the inbox stores it (without its eventId)
     * @param fingerprint what tells a repeat of the publish from another body under its
     * id
     */
    public PublishOutcome appendPublished(ClientId client, String publishId, String body, String fingerprint) {
        List<?> reply = this.redis.execute(this.scripts.publishEvent(),
                List.of(RedisKeys.published(client, publishId), RedisKeys.inbox(client)), body, fingerprint,
                Integer.toString(this.maxLength), Long.toString(this.ttl.toSeconds()));
        PublishOutcome.Kind kind = PublishOutcome.Kind.valueOf(((String) reply.get(0)).toUpperCase(Locale.ROOT));
        // The backend is answered once this returns, and does not publish again.
        this.replicaAcks.await(RedisKeys.inbox(client));
        String previous = (String) reply.get(2);
        return new PublishOutcome(kind, ((String) reply.get(1)).isEmpty() ? null : (String) reply.get(1),
                previous.isEmpty() ? null : previous);
    }

    /** Up to one batch of events after {@code cursor} (exclusive), oldest first. */
    public List<InboxEvent> readAfter(ClientId client, String cursor) {
        if (LAST_POSSIBLE_ID.equals(cursor)) {
            return List.of();
        }
        List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
            .range(RedisKeys.inbox(client), Range.rightUnbounded(Range.Bound.exclusive(cursor)),
                    Limit.limit().count(this.batch));
        List<InboxEvent> events = new ArrayList<>((records != null) ? records.size() : 0);
        if (records != null) {
            for (MapRecord<String, Object, Object> record : records) {
                events.add(new InboxEvent(record.getId().getValue(),
                        Long.parseLong((String) record.getValue().get("seq")), (String) record.getValue().get("body")));
            }
        }
        return events;
    }

    /**
     * The most events one {@link #readAfter} returns; fewer means the end was reached.
     */
    public int batchSize() {
        return this.batch;
    }

    /**
     * Whether the inbox has dropped events after {@code lastEventId} (trimmed to its
     * maximum length), so that a replay from there would have a hole.
     */
    public boolean truncatedAfter(ClientId client, String lastEventId) {
        String maxDeleted = this.redis.execute(this.scripts.inboxTruncation(), List.of(RedisKeys.inbox(client)),
                lastEventId);
        return maxDeleted != null && EventIds.compare(maxDeleted, lastEventId) > 0;
    }

    /**
     * One inbox entry.
     *
     * @param eventId the stream id
     * @param seq the record's update count with this event
     * @param body the update frame as JSON, without eventId and seq
     */
    public record InboxEvent(String eventId, long seq, String body) {

    }

}

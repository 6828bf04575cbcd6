package io.backchannel.node.record;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long Redis keeps what a client may still ask for.
 *
 * @param retention how long a request record lives after its terminal update, however
 * long the job ran (before that it lives until its deadline plus this); default 24 h
 * @param inboxMaxLength about how many events a client's inbox keeps (Redis trims it
 * approximately); default 1000
 * @param inboxTtl how long an inbox lives after its last event; default 24 h
 * @param listMaxLength how many of a client's requests its list keeps (the oldest leave
 * first; their records stay until they expire); default 1000
 * @param replayBatch how many events one read of the inbox returns during a replay;
 * default 200
 * @param replicaAcks how many Redis replicas must hold a new record, an applied update or
 * a published event before the node goes on ({@code WAIT}); 0, the default, waits for
 * none. With 1 on a Redis Cluster, a primary that dies loses none of them; see
 * docs/reliability.md
 * @param replicaAckTimeout the longest such a wait lasts; default 100 ms (a primary that
 * lets it pass is not waited on for 5 s)
 * @param retentionByType the retention of some job types' records, instead of
 * {@code retention} (for example {@code report: 1h} keeps the records of report jobs an
 * hour after they end); by default none
 */
@ConfigurationProperties("backchannel.records")
public record RecordProperties(@DefaultValue("24h") Duration retention, @DefaultValue("1000") int inboxMaxLength,
        @DefaultValue("24h") Duration inboxTtl, @DefaultValue("200") int replayBatch,
        @DefaultValue("1000") int listMaxLength, @DefaultValue("0") int replicaAcks,
        @DefaultValue("100ms") Duration replicaAckTimeout, Map<String, Duration> retentionByType) {

    public RecordProperties {
        if (retention.toSeconds() < 1 || inboxTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("backchannel.records.retention and inbox-ttl must be at least 1 s");
        }
        if (inboxMaxLength < 1 || replayBatch < 1 || listMaxLength < 1) {
            throw new IllegalArgumentException(
                    "backchannel.records.inbox-max-length and replay-batch must be positive");
        }
        retentionByType = (retentionByType != null) ? Map.copyOf(retentionByType) : Map.of();
        retentionByType.forEach((type, kept) -> {
            if (kept.toSeconds() < 1) {
                throw new IllegalArgumentException(
                        "backchannel.records.retention-by-type." + type + " must be at least 1 s");
            }
        });
        if (replicaAcks < 0 || replicaAckTimeout.isNegative() || replicaAckTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "backchannel.records.replica-acks must be 0 or more, and replica-ack-timeout positive");
        }
    }

    /** How long a record of this job type lives after its terminal update. */
    public Duration retention(String type) {
        return this.retentionByType.getOrDefault(type, this.retention);
    }

}

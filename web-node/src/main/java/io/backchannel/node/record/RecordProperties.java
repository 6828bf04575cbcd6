package io.backchannel.node.record;

import java.time.Duration;

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
 */
@ConfigurationProperties("backchannel.records")
public record RecordProperties(@DefaultValue("24h") Duration retention, @DefaultValue("1000") int inboxMaxLength,
        @DefaultValue("24h") Duration inboxTtl, @DefaultValue("200") int replayBatch,
        @DefaultValue("1000") int listMaxLength) {

    public RecordProperties {
        if (retention.toSeconds() < 1 || inboxTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("backchannel.records.retention and inbox-ttl must be at least 1 s");
        }
        if (inboxMaxLength < 1 || replayBatch < 1 || listMaxLength < 1) {
            throw new IllegalArgumentException(
                    "backchannel.records.inbox-max-length and replay-batch must be positive");
        }
    }

}

package io.backchannel.worker.consumer;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.redis.RecordField;
import io.backchannel.contracts.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Tells a job that already reached its end from one still to run, by the request record
 * the web node keeps: {@code HGET bc:{clientId}:req:{correlationId} status}. A job is
 * redelivered when a worker died after its terminal update but before its ack; running it
 * again would only send updates that the web node drops.
 */
class FinishedJobs {

    private static final Logger log = LoggerFactory.getLogger(FinishedJobs.class);

    private final StringRedisTemplate redis;

    FinishedJobs(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * The terminal status of the request, or null when it is still open, unknown, or
     * Redis cannot say: then the job runs, and the web node's ordering check keeps the
     * record right.
     */
    RequestStatus terminalStatus(ClientId client, CorrelationId correlation) {
        Object status;
        try {
            status = this.redis.opsForHash().get(RedisKeys.record(client, correlation), RecordField.STATUS);
        }
        catch (DataAccessException ex) {
            log.warn("Cannot read the request record, running the job anyway: {}", ex.getMessage());
            return null;
        }
        for (RequestStatus candidate : RequestStatus.values()) {
            if (candidate.isTerminal() && candidate.name().equals(status)) {
                return candidate;
            }
        }
        return null;
    }

}

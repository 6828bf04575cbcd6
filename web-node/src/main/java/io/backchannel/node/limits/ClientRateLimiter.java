package io.backchannel.node.limits;

import java.time.Duration;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.record.StoreProbe;

import org.springframework.stereotype.Component;

/**
 * Each client's request rate, as one token bucket in Redis that every node draws from
 * ({@code rate-limit.lua}): a client cannot multiply its rate by spreading its requests
 * over the nodes. One script call per request, on the client's own hash slot.
 */
@Component
public class ClientRateLimiter {

    private final TokenBuckets buckets;

    private final RateLimitProperties properties;

    private final StoreProbe store;

    public ClientRateLimiter(TokenBuckets buckets, RateLimitProperties properties, StoreProbe store) {
        this.store = store;
        this.buckets = buckets;
        this.properties = properties;
    }

    /**
     * Takes one request from the client's budget.
     * @return zero when the request may go ahead; otherwise how long until it may (and
     * nothing was taken)
     */
    public Duration acquire(ClientId client) {
        if (!this.properties.enabled()) {
            return Duration.ZERO;
        }
        this.store.requireAnswering();
        return this.buckets.take(RedisKeys.rate(client), this.properties.requestsPerSecond(), this.properties.burst());
    }

}

package io.backchannel.node.limits;

import java.time.Duration;
import java.util.List;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.record.RedisScripts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Each client's request rate, as one token bucket in Redis that every node draws from
 * ({@code rate-limit.lua}): a client cannot multiply its rate by spreading its requests
 * over the nodes. One script call per request, on the client's own hash slot.
 */
@Component
public class ClientRateLimiter {

    private final StringRedisTemplate redis;

    private final RedisScripts scripts;

    private final RateLimitProperties properties;

    public ClientRateLimiter(StringRedisTemplate redis, RedisScripts scripts, RateLimitProperties properties) {
        this.redis = redis;
        this.scripts = scripts;
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
        Long wait = this.redis.execute(this.scripts.rateLimit(), List.of(RedisKeys.rate(client)),
                Double.toString(this.properties.requestsPerSecond()), Integer.toString(this.properties.burst()));
        return (wait != null && wait > 0) ? Duration.ofMillis(wait) : Duration.ZERO;
    }

}

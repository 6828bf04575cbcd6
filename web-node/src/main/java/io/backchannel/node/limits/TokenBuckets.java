package io.backchannel.node.limits;

import java.time.Duration;
import java.util.List;

import io.backchannel.node.record.RedisScripts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis that every node draws from ({@code rate-limit.lua}): one script
 * call takes a token or says how long until the next, so a caller cannot multiply its
 * rate by spreading its calls over the nodes.
 */
@Component
public class TokenBuckets {

    private final StringRedisTemplate redis;

    private final RedisScripts scripts;

    public TokenBuckets(StringRedisTemplate redis, RedisScripts scripts) {
        this.redis = redis;
        this.scripts = scripts;
    }

    /**
     * Takes one token from the bucket at {@code key}.
     * @param perSecond how fast the bucket refills
     * @param burst how many tokens it holds when full
     * @return zero when a token was taken; otherwise how long until one comes (and
     * nothing was taken)
     */
    public Duration take(String key, double perSecond, int burst) {
        Long wait = this.redis.execute(this.scripts.rateLimit(), List.of(key), Double.toString(perSecond),
                Integer.toString(burst));
        return (wait != null && wait > 0) ? Duration.ofMillis(wait) : Duration.ZERO;
    }

}

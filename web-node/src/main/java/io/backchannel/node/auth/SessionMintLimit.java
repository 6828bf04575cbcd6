package io.backchannel.node.auth;

import java.time.Duration;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.limits.TokenBuckets;
import io.backchannel.node.web.ApiProblemException;

import org.springframework.stereotype.Component;

/**
 * Whether a source address may get a new anonymous identity now: one token bucket per
 * address, shared by all nodes, as the clients' request rate.
 */
@Component
class SessionMintLimit {

    private final TokenBuckets buckets;

    private final SessionMintProperties properties;

    SessionMintLimit(TokenBuckets buckets, SessionMintProperties properties) {
        this.buckets = buckets;
        this.properties = properties;
    }

    /**
     * Takes one new identity from the address's budget.
     * @throws ApiProblemException 403 when new identities are off, 429 with Retry-After
     * when the address has had its share
     */
    void take(String address) {
        if (!this.properties.enabled()) {
            throw new ApiProblemException(ProblemType.FORBIDDEN,
                    "This installation issues no new identities; renew the token you have.");
        }
        if (this.properties.perSecond() == 0) {
            return;
        }
        Duration wait = this.buckets.take(RedisKeys.sessionMints(address), this.properties.perSecond(),
                this.properties.burst());
        if (!wait.isZero()) {
            throw new ApiProblemException(ProblemType.RATE_LIMITED,
                    "Too many new identities from this address; try again after Retry-After seconds.", null, wait);
        }
    }

}

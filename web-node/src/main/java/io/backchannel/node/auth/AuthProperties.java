package io.backchannel.node.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who a caller is.
 *
 * @param mode where identities come from: {@code anonymous} (default), tokens this
 * installation issues from {@code POST /api/sessions} to anyone who asks, for the demo
 * and development; or {@code jwt}, the application's users, by JWTs its identity provider
 * signs (verified with the settings under
 * {@code spring.security.oauth2.resourceserver.jwt}; see {@link Jwt})
 * @param jwt how JWTs map to users, in {@code jwt} mode
 * @param secret the HMAC key every node signs and verifies tokens with, at least 32
 * characters; required. Left empty, a node starts only under the Spring profile
 * {@code dev}, with a fixed public development key and a warning (see
 * {@link SigningSecret})
 * @param previousSecrets keys tokens are still accepted with while a rotation is under
 * way (tokens are always issued with {@code secret}); default none
 * @param tokenTtl how long a token is accepted after it is issued; default 24 h. A client
 * renews it, keeping its id, by calling {@code POST /api/sessions} with the old token
 */
@ConfigurationProperties("backchannel.auth")
public record AuthProperties(@DefaultValue("anonymous") AuthMode mode, @DefaultValue Jwt jwt,
        @DefaultValue("") String secret, @DefaultValue List<String> previousSecrets,
        @DefaultValue("24h") Duration tokenTtl) {

    public AuthProperties {
        if (!secret.isEmpty() && secret.length() < 32) {
            throw new IllegalArgumentException("backchannel.auth.secret must be at least 32 characters");
        }
        if (tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("backchannel.auth.token-ttl must be positive");
        }
        previousSecrets = List.copyOf(previousSecrets);
    }

    /** The same settings with another signing secret. */
    AuthProperties withSecret(String secret) {
        return new AuthProperties(this.mode, this.jwt, secret, this.previousSecrets, this.tokenTtl);
    }

    /**
     * How a verified JWT maps to a user.
     *
     * @param userClaim the claim naming the user; default {@code sub}. Every token with
     * the same value is the same user: their requests, inbox and limits are shared by all
     * their devices
     * @param clockSkew how far a token's {@code exp} and {@code nbf} may be off this
     * node's clock; default 60 s
     * @param publishScope the scope a backend's token needs for
     * {@code POST /api/publish}; default {@code backchannel.publish}
     */
    public record Jwt(@DefaultValue("sub") String userClaim, @DefaultValue("60s") Duration clockSkew,
            @DefaultValue("backchannel.publish") String publishScope) {

        public Jwt {
            if (userClaim.isBlank() || publishScope.isBlank()) {
                throw new IllegalArgumentException(
                        "backchannel.auth.jwt.user-claim and backchannel.auth.jwt.publish-scope must not be empty");
            }
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("backchannel.auth.jwt.clock-skew must not be negative");
            }
        }

    }

}

package io.backchannel.node.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Client tokens.
 *
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
public record AuthProperties(@DefaultValue("") String secret, @DefaultValue List<String> previousSecrets,
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
        return new AuthProperties(secret, this.previousSecrets, this.tokenTtl);
    }

}

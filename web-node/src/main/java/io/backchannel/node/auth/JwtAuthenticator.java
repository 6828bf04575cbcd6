package io.backchannel.node.auth;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.backchannel.contracts.id.ClientId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * {@code jwt} mode: a JWT the application's identity provider signed, checked by Spring
 * Security's {@link JwtDecoder} as Spring Boot builds it from
 * {@code spring.security.oauth2.resourceserver.jwt} (keys from the JWK set or the issuer,
 * signature, {@code exp} and {@code nbf} within the clock skew, issuer and audiences when
 * configured). The user is the configured claim; all their tokens are one client
 * ({@link ClientId#forUser}).
 */
final class JwtAuthenticator implements Authenticator {

    /** Longer than any user id an identity provider hands out, short of abuse. */
    private static final int MAX_USER_ID_LENGTH = 1024;

    /** A JWT is a few hundred bytes to a few KiB; more is not one. */
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private static final Logger logger = LoggerFactory.getLogger(JwtAuthenticator.class);

    private final JwtDecoder decoder;

    private final AuthProperties.Jwt settings;

    JwtAuthenticator(JwtDecoder decoder, AuthProperties.Jwt settings) {
        this.decoder = decoder;
        this.settings = settings;
    }

    @Override
    public Identity authenticate(String token) {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("a bearer token is required");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("the token is malformed");
        }
        Jwt jwt = decode(token);
        Object user = jwt.getClaims().get(this.settings.userClaim());
        if (!(user instanceof String userId) || userId.isBlank() || userId.length() > MAX_USER_ID_LENGTH) {
            throw new InvalidTokenException("the token names no user (claim '" + this.settings.userClaim() + "')");
        }
        if (jwt.getExpiresAt() == null) {
            // A token without an expiry would be good for ever once leaked.
            throw new InvalidTokenException("the token has no expiry");
        }
        return new Identity(ClientId.forUser(userId), jwt.getExpiresAt(), scopes(jwt));
    }

    @Override
    public AuthMode mode() {
        return AuthMode.JWT;
    }

    private Jwt decode(String token) {
        try {
            return this.decoder.decode(token);
        }
        catch (JwtValidationException ex) {
            logger.debug("JWT refused: {}", ex.getMessage());
            throw new InvalidTokenException(reason(ex.getErrors()));
        }
        catch (BadJwtException ex) {
            logger.debug("JWT refused: {}", ex.getMessage());
            // Malformed, alg none, a key the provider does not publish, a bad signature:
            // which one only helps someone forging.
            throw new InvalidTokenException("the token does not verify");
        }
        catch (JwtException ex) {
            throw new IdentityProviderUnavailableException(ex);
        }
    }

    /**
     * A client's reason for a token that verified but was refused by a check: which
     * claim, never the provider's own wording (it quotes claim values).
     */
    private static String reason(Collection<OAuth2Error> errors) {
        for (OAuth2Error error : errors) {
            String description = String.valueOf(error.getDescription()).toLowerCase(Locale.ROOT);
            if (description.contains("expired")) {
                return "the token has expired";
            }
            if (description.contains("before")) {
                return "the token is not valid yet";
            }
            if (description.contains("iss")) {
                return "the token's issuer is not accepted";
            }
            if (description.contains("aud")) {
                return "the token's audience is not accepted";
            }
        }
        return "the token is not accepted";
    }

    /** The OAuth 2 scopes: {@code scope} as a space-separated string, or {@code scp}. */
    private static Set<String> scopes(Jwt jwt) {
        Set<String> scopes = new HashSet<>();
        for (String claim : List.of("scope", "scp")) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text) {
                for (String scope : text.trim().split("\\s+")) {
                    if (!scope.isEmpty()) {
                        scopes.add(scope);
                    }
                }
            }
            else if (value instanceof Collection<?> list) {
                list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
            }
        }
        return scopes;
    }

}

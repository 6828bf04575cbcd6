package io.backchannel.node.auth;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The node's {@link Authenticator}, as {@code backchannel.auth.mode} says. In
 * {@code anonymous} mode, the token service, signing with the configured secret, or
 * failing the start-up when there is none outside development ({@link SigningSecret}). In
 * {@code jwt} mode, Spring Boot's JWT decoder, which must be configured; no token
 * service, so no secret is needed and {@code POST /api/sessions} issues nothing.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    private static final String MODE = "backchannel.auth.mode";

    @Bean
    @ConditionalOnProperty(name = MODE, havingValue = "anonymous", matchIfMissing = true)
    TokenService tokenService(AuthProperties properties, Clock clock, Environment environment) {
        return new TokenService(SigningSecret.resolve(properties, environment), clock);
    }

    @Bean
    Authenticator authenticator(AuthProperties properties, ObjectProvider<TokenService> tokens,
            ObjectProvider<JwtDecoder> decoders) {
        return switch (properties.mode()) {
            case ANONYMOUS -> new AnonymousAuthenticator(tokens.getObject());
            case JWT -> {
                JwtDecoder decoder = decoders.getIfAvailable();
                if (decoder == null) {
                    throw new IllegalStateException("backchannel.auth.mode=jwt needs the identity provider: set "
                            + "spring.security.oauth2.resourceserver.jwt.jwk-set-uri or .issuer-uri");
                }
                yield new JwtAuthenticator(decoder, properties.jwt());
            }
        };
    }

    /**
     * The clock skew allowed on {@code exp} and {@code nbf}: Spring Boot adds validators
     * of this type to its decoder's, and this one takes the place of the default (60 s).
     */
    @Bean
    @ConditionalOnProperty(name = MODE, havingValue = "jwt")
    OAuth2TokenValidator<Jwt> jwtClockSkew(AuthProperties properties) {
        return new JwtTimestampValidator(properties.jwt().clockSkew());
    }

}

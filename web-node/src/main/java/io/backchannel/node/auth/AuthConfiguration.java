package io.backchannel.node.auth;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The token service, signing with the configured secret, or failing the start-up when
 * there is none outside development ({@link SigningSecret}).
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    TokenService tokenService(AuthProperties properties, Clock clock, Environment environment) {
        return new TokenService(SigningSecret.resolve(properties, environment), clock);
    }

}

package io.backchannel.node.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The handshake of every socket on {@code /ws}: Spring's, upgrading through
 * {@link LeanUpgradeStrategy}.
 */
@Configuration(proxyBeanMethods = false)
class SocketHandshakes {

    @Bean
    HandshakeHandler socketHandshakeHandler() {
        return new DefaultHandshakeHandler(new LeanUpgradeStrategy());
    }

}

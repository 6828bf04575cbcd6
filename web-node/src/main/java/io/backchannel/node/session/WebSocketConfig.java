package io.backchannel.node.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Mounts protocol v1 at {@code /ws} with the frame size and origin limits.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

    private final SocketHandler handler;

    private final SessionProperties properties;

    WebSocketConfig(SocketHandler handler, SessionProperties properties) {
        this.handler = handler;
        this.properties = properties;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(this.handler, "/ws")
            .setAllowedOriginPatterns(this.properties.allowedOrigins().toArray(String[]::new));
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer(SessionProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        int maxFrame = (int) properties.maxFrameSize().toBytes();
        container.setMaxTextMessageBufferSize(maxFrame);
        // v1 has no binary frames; a small buffer is enough to answer one with an error
        // frame.
        container.setMaxBinaryMessageBufferSize(1024);
        return container;
    }

}

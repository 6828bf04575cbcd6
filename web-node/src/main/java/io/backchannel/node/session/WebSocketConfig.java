package io.backchannel.node.session;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Mounts protocol v1 at {@code /ws} with the frame size and origin limits, a handshake
 * that leaves little behind ({@link SocketHandshakes}), and small per-socket buffers.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfig implements WebSocketConfigurer {

    private final SocketHandler handler;

    private final SessionProperties properties;

    private final HandshakeHandler handshakes;

    WebSocketConfig(SocketHandler handler, SessionProperties properties, HandshakeHandler handshakes) {
        this.handler = handler;
        this.properties = properties;
        this.handshakes = handshakes;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new WholeTextMessages(this.handler, (int) this.properties.maxFrameSize().toBytes()), "/ws")
            .setHandshakeHandler(this.handshakes)
            .addInterceptors(new DrainingRefusal(this.handler::refusesSockets))
            .setAllowedOriginPatterns(this.properties.allowedOrigins().toArray(String[]::new));
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer(SessionProperties properties, SocketBufferProperties buffers) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        // Allocated for every socket as it opens: small, with longer messages taken in
        // parts (WholeTextMessages), rather than the frame size limit for each socket. In
        // chars, of two bytes each: as many bytes as the other message buffers.
        int text = (int) Math.min(buffers.message().toBytes() / 2, properties.maxFrameSize().toBytes());
        container.setMaxTextMessageBufferSize(text);
        // v1 has no binary frames; a small buffer is enough to answer one with an error
        // frame.
        container.setMaxBinaryMessageBufferSize(256);
        return container;
    }

}

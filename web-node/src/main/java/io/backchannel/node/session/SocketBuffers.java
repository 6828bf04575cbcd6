package io.backchannel.node.session;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Applies {@link SocketBufferProperties} to Tomcat: the connection buffers on the
 * connector, and the WebSocket buffers through the system property Tomcat reads once,
 * when its WebSocket classes load (after this runs, before the first socket opens). A
 * value given on the command line wins.
 */
@Configuration(proxyBeanMethods = false)
class SocketBuffers {

    static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    @Bean
    TomcatConnectorCustomizer smallConnectionBuffers(SocketBufferProperties buffers) {
        if (System.getProperty(TOMCAT_WEBSOCKET_BUFFER) == null) {
            System.setProperty(TOMCAT_WEBSOCKET_BUFFER, Long.toString(buffers.message().toBytes()));
        }
        String io = Long.toString(buffers.io().toBytes());
        return (connector) -> {
            connector.setProperty("socket.appReadBufSize", io);
            connector.setProperty("socket.appWriteBufSize", io);
        };
    }

}

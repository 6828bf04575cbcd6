package io.backchannel.node.session;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-connection buffers of the servlet container, which every open socket holds for its
 * whole life: with tens of thousands of idle sockets on a node they are most of its heap.
 * Small buffers cost a few more system calls on the rare large message or response, and
 * nothing on the small frames this protocol sends.
 *
 * @param io the connection's read and write buffers, each (Tomcat's
 * {@code socket.appReadBufSize} and {@code appWriteBufSize}); default 512 B (Tomcat's own
 * default: 8 KB)
 * @param message the WebSocket input, output, encoder and text message buffers, each (the
 * text buffer holds half as many characters; a longer client message is taken in parts
 * and assembled up to {@code backchannel.ws.max-frame-size}); default 512 B (Tomcat's own
 * default: 8 KB, and a text buffer of the whole frame size limit, in characters)
 */
@ConfigurationProperties("backchannel.ws.buffers")
public record SocketBufferProperties(@DefaultValue("512B") DataSize io, @DefaultValue("512B") DataSize message) {

    public SocketBufferProperties {
        if (io.toBytes() < 256 || message.toBytes() < 256) {
            throw new IllegalArgumentException("backchannel.ws.buffers.io and .message must be at least 256B");
        }
    }

}

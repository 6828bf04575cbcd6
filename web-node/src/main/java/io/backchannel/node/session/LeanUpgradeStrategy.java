package io.backchannel.node.session;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.websocket.Extension;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.adapter.standard.StandardWebSocketHandlerAdapter;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.server.HandshakeFailureException;
import org.springframework.web.socket.server.standard.ServerEndpointRegistration;
import org.springframework.web.socket.server.standard.StandardWebSocketUpgradeStrategy;

/**
 * Spring's upgrade to a container WebSocket, keeping nothing of the handshake that a
 * socket does not use for the rest of its life, and without compression.
 *
 * <p>
 * Why: every open socket holds what its upgrade kept, and a node holds tens of thousands
 * of idle ones. Spring's own strategy copies every request header into the session, with
 * both addresses; Tomcat copies every header again, with the query parameters, into the
 * handshake request it keeps until the socket closes. A browser sends a dozen headers
 * (cookies, user agent, languages...): together several KiB per socket, which nothing
 * reads after the handshake (the origin check and the upgrade itself have used them by
 * then). Here the session gets no headers or addresses
 * ({@link StandardWebSocketSession#getHandshakeHeaders()} is empty, the addresses are
 * null), and Tomcat sees the request through {@link HandshakeOnlyRequest}.
 *
 * <p>
 * permessage-deflate is not negotiated: browsers offer it on every socket, and a socket
 * with it holds a zlib deflater and inflater for its whole life: about 1.5 KiB of heap,
 * and native memory that no heap limit bounds (zlib reserves some 260 KiB per deflater;
 * 66 KiB per socket was resident after just the hello and welcome). Frames of protocol v1
 * are small JSON, so compression would save little of the wire.
 */
class LeanUpgradeStrategy extends StandardWebSocketUpgradeStrategy {

    @Override
    public List<WebSocketExtension> getSupportedExtensions(ServerHttpRequest request) {
        return List.of();
    }

    @Override
    public void upgrade(ServerHttpRequest request, ServerHttpResponse response, @Nullable String selectedProtocol,
            List<WebSocketExtension> selectedExtensions, @Nullable Principal user, WebSocketHandler wsHandler,
            Map<String, Object> attributes) throws HandshakeFailureException {
        StandardWebSocketSession session = new StandardWebSocketSession(HttpHeaders.EMPTY, attributes, null, null,
                user);
        HttpServletRequest servletRequest = getHttpServletRequest(request);
        ServerEndpointRegistration endpoint = new Uncompressed(servletRequest.getRequestURI(),
                new StandardWebSocketHandlerAdapter(wsHandler, session));
        endpoint.setSubprotocols((selectedProtocol != null) ? List.of(selectedProtocol) : List.of());
        try {
            getContainer(servletRequest).upgradeHttpToWebSocket(new HandshakeOnlyRequest(servletRequest),
                    getHttpServletResponse(response), endpoint, Map.of());
        }
        catch (Exception ex) {
            throw new HandshakeFailureException(
                    "Servlet request failed to upgrade to WebSocket: " + servletRequest.getRequestURI(), ex);
        }
    }

    /**
     * The endpoint's configurator, which Tomcat asks what to answer to the extensions a
     * client offers (it does not go by {@link #getSupportedExtensions}).
     */
    private static final class Uncompressed extends ServerEndpointRegistration {

        Uncompressed(String path, StandardWebSocketHandlerAdapter endpoint) {
            super(path, endpoint);
        }

        @Override
        public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
            return List.of();
        }

    }

}

package io.backchannel.node.session;

import java.util.Map;
import java.util.function.BooleanSupplier;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * A draining node (or one handing its clients off, design note 38) refuses the upgrade
 * itself, {@code 503} with {@code Retry-After}, rather than accept the socket and close
 * it with 1012 at once: a proxy in front ({@code proxy_next_upstream http_503} in nginx)
 * then hands the reconnect to another node within the same request, where the
 * accepted-then-closed socket sent the client back through the round robin, as often as
 * not to the draining node again.
 */
final class DrainingRefusal implements HandshakeInterceptor {

    private final BooleanSupplier refusing;

    /**
     * @param refusing whether the node refuses sockets now
     * ({@link SocketHandler#refusesSockets})
     */
    DrainingRefusal(BooleanSupplier refusing) {
        this.refusing = refusing;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (!this.refusing.getAsBoolean()) {
            return true;
        }
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().set("Retry-After", "1");
        return false;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }

}

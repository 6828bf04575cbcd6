package io.backchannel.node.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every answer, first of all the demo page at {@code /}.
 *
 * <table>
 * <tr>
 * <th>header</th>
 * <th>value</th>
 * <th>why</th>
 * </tr>
 * <tr>
 * <td>Content-Security-Policy</td>
 * <td>{@value #CONTENT_SECURITY_POLICY}</td>
 * <td>scripts and styles only from this origin, no inline script; sockets to any node
 * (ws:/wss:, as a load balancer may send them to another host name); no framing</td>
 * </tr>
 * <tr>
 * <td>X-Content-Type-Options</td>
 * <td>nosniff</td>
 * <td>a JSON or text answer is never run as script</td>
 * </tr>
 * <tr>
 * <td>Referrer-Policy</td>
 * <td>no-referrer</td>
 * <td>nothing of our URLs leaks to other sites</td>
 * </tr>
 * <tr>
 * <td>X-Frame-Options</td>
 * <td>DENY</td>
 * <td>frame-ancestors for browsers that predate it</td>
 * </tr>
 * <tr>
 * <td>Permissions-Policy</td>
 * <td>camera=(), microphone=(), geolocation=()</td>
 * <td>the page needs none of them</td>
 * </tr>
 * </table>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeaders extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        chain.doFilter(request, response);
    }

}

package io.backchannel.node.session;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The handshake request as the container's upgrade sees it: every header it asks for by
 * name (Connection, Sec-WebSocket-Key, Origin...), but no list of header names, no query
 * string and no parameters.
 *
 * <p>
 * Why: Tomcat copies every header it can list, the parameters and the query string into
 * the handshake request it keeps, with the session, until the socket closes; only a
 * JSR-356 configurator's {@code modifyHandshake} (ours does nothing) and the session's
 * getters, which nothing here calls, read them. Protocol v1 takes nothing from the URL
 * (the token comes in the hello), and a client could otherwise make each of its sockets
 * hold a query string of up to the header size limit several times over (string, URI,
 * parsed parameters). The upgrade reads each header it checks by name, so it works as
 * before (LeanHandshakeIT, OriginCheckIT).
 */
final class HandshakeOnlyRequest extends HttpServletRequestWrapper {

    HandshakeOnlyRequest(HttpServletRequest request) {
        super(request);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.emptyEnumeration();
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return Map.of();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.emptyEnumeration();
    }

    @Override
    public String getParameter(String name) {
        return null;
    }

    @Override
    public String[] getParameterValues(String name) {
        return null;
    }

}

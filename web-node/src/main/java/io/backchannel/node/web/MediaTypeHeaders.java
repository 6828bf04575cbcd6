package io.backchannel.node.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import io.backchannel.contracts.http.ProblemType;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a request whose {@code Content-Type} or {@code Accept} is not a media type with
 * the 400 problem, before Spring MVC reads either. Spring's parser throws more than its
 * documented {@code InvalidMediaTypeException} for some malformed values (an unclosed
 * quote before the slash fails with an index out of bounds), which would otherwise reach
 * the catch-all handler as an internal error on every endpoint, the health checks
 * included.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class MediaTypeHeaders extends OncePerRequestFilter {

    private final HandlerExceptionResolver errors;

    /**
     * @param errors Spring MVC's exception resolver, so that the refusal is answered by
     * the same handler as every other problem
     */
    MediaTypeHeaders(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String malformed = malformedHeader(request);
        if (malformed != null) {
            // The answer is negotiated like any other, so it must not see the broken
            // Accept.
            this.errors.resolveException(new WithoutAccept(request), response, null, new ApiProblemException(
                    ProblemType.BAD_REQUEST, "Header '" + malformed + "' is not a valid media type."));
            return;
        }
        chain.doFilter(request, response);
    }

    /** The name of the first header that does not parse, or null when both do. */
    static String malformedHeader(HttpServletRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        // An empty Content-Type is Spring MVC's to treat as none.
        if (StringUtils.hasLength(contentType) && !parses(List.of(contentType))) {
            return HttpHeaders.CONTENT_TYPE;
        }
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        return (!accept.isEmpty() && !parses(accept)) ? HttpHeaders.ACCEPT : null;
    }

    private static boolean parses(List<String> values) {
        try {
            MediaType.parseMediaTypes(values);
            return true;
        }
        catch (RuntimeException ex) {
            return false;
        }
    }

    /** The request as if it had no Accept header. */
    private static final class WithoutAccept extends HttpServletRequestWrapper {

        WithoutAccept(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

    }

}

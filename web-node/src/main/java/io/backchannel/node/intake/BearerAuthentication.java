package io.backchannel.node.intake;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.node.auth.InvalidTokenException;
import io.backchannel.node.auth.TokenService;
import io.backchannel.node.web.ApiProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires a valid {@code Authorization: Bearer} token on the request endpoints and puts
 * its client in the request attribute {@link #CLIENT}. As an interceptor it runs before
 * the body is read, so an anonymous caller gets 401 whatever it sent.
 */
public class BearerAuthentication implements HandlerInterceptor {

    public static final String CLIENT = "io.backchannel.node.intake.client";

    private static final String SCHEME = "Bearer ";

    private final TokenService tokens;

    BearerAuthentication(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(CLIENT, authenticate(request.getHeader(HttpHeaders.AUTHORIZATION)));
        return true;
    }

    private ClientId authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ApiProblemException(ProblemType.UNAUTHORIZED,
                    "An Authorization: Bearer token is required; get one from POST /api/sessions.");
        }
        try {
            return this.tokens.verify(authorization.substring(SCHEME.length()).trim());
        }
        catch (InvalidTokenException ex) {
            throw new ApiProblemException(ProblemType.UNAUTHORIZED, capitalized(ex.getMessage()) + ".");
        }
    }

    private static String capitalized(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }

}

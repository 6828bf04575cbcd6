package io.backchannel.node.auth;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.node.web.ApiProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires a valid {@code Authorization: Bearer} token on the request endpoints and puts
 * its client in the request attribute {@link #CLIENT}. As an interceptor it runs before
 * the body is read, so an anonymous caller gets 401 whatever it sent.
 */
public class BearerAuthentication implements HandlerInterceptor {

    public static final String CLIENT = "io.backchannel.node.auth.client";

    /**
     * The request attribute with the caller's whole {@link Identity}, scopes included.
     */
    public static final String IDENTITY = "io.backchannel.node.auth.identity";

    private static final String SCHEME = "Bearer ";

    private final Authenticator authenticator;

    BearerAuthentication(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // A CORS preflight carries no credentials by design; the CORS configuration
        // answers it, and the call that follows brings the token.
        if (CorsUtils.isPreFlightRequest(request)) {
            return true;
        }
        Identity identity = authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        request.setAttribute(IDENTITY, identity);
        request.setAttribute(CLIENT, identity.client());
        return true;
    }

    private Identity authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ApiProblemException(ProblemType.UNAUTHORIZED,
                    "An Authorization: Bearer token is required; " + ((this.authenticator.mode() == AuthMode.ANONYMOUS)
                            ? "get one from POST /api/sessions." : "send the token of the user's sign-in."));
        }
        try {
            return this.authenticator.authenticate(authorization.substring(SCHEME.length()).trim());
        }
        catch (InvalidTokenException ex) {
            throw new ApiProblemException(ProblemType.UNAUTHORIZED, capitalized(ex.getMessage()) + ".");
        }
        catch (IdentityProviderUnavailableException ex) {
            throw new ApiProblemException(ProblemType.UNAVAILABLE,
                    "The token cannot be checked right now; send the same request again.", ex);
        }
    }

    private static String capitalized(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }

}

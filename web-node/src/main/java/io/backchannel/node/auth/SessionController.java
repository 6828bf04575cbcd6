package io.backchannel.node.auth;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.node.web.ApiProblemException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sessions}: a new identity, or, called with a still valid token, a
 * fresh token for the same identity (so a client renews before expiry and keeps its
 * requests and inbox). Any body is ignored.
 */
@RestController
class SessionController {

    private static final String SCHEME = "Bearer ";

    /** None in {@code jwt} mode: the application's identity provider signs users in. */
    private final TokenService tokens;

    private final SessionMintLimit mints;

    SessionController(ObjectProvider<TokenService> tokens, SessionMintLimit mints) {
        this.tokens = tokens.getIfAvailable();
        this.mints = mints;
    }

    @PostMapping("/api/sessions")
    @ResponseStatus(HttpStatus.CREATED)
    SessionGrant create(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletRequest request) {
        if (this.tokens == null) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, "This installation signs its users in with the "
                    + "application's identity provider: there are no sessions to get here; send its token.");
        }
        if (authorization == null) {
            this.mints.take(request.getRemoteAddr());
            return this.tokens.issue();
        }
        // A token that was sent but does not verify is refused, not silently replaced by
        // a new identity: the client would lose its requests without noticing.
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new ApiProblemException(ProblemType.UNAUTHORIZED, "Only Bearer tokens are accepted.");
        }
        try {
            return this.tokens.issue(this.tokens.verify(authorization.substring(SCHEME.length()).trim()));
        }
        catch (InvalidTokenException ex) {
            throw new ApiProblemException(ProblemType.UNAUTHORIZED,
                    "The token cannot be renewed (" + ex.getMessage() + "); send no token to get a new identity.");
        }
    }

}

package io.backchannel.node.auth;

/**
 * {@code anonymous} mode: the tokens {@link TokenService} issued.
 */
final class AnonymousAuthenticator implements Authenticator {

    private final TokenService tokens;

    AnonymousAuthenticator(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public Identity authenticate(String token) {
        return this.tokens.identify(token);
    }

    @Override
    public AuthMode mode() {
        return AuthMode.ANONYMOUS;
    }

}

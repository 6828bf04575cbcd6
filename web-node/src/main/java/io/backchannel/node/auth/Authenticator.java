package io.backchannel.node.auth;

/**
 * Turns a bearer token, from an {@code Authorization} header or a socket's {@code hello},
 * into the identity it proves. One of these per node, as {@code backchannel.auth.mode}
 * says, so HTTP and sockets verify alike.
 */
public interface Authenticator {

    /**
     * @param token the token as sent, without the {@code Bearer} scheme
     * @throws InvalidTokenException when the token proves nothing (missing, malformed,
     * not signed by a trusted key, expired, for another audience)
     * @throws IdentityProviderUnavailableException when it cannot be checked now (the
     * identity provider's keys cannot be fetched): the caller should try again later
     */
    Identity authenticate(String token);

    /** Where identities come from, for messages that tell a client what to do. */
    AuthMode mode();

}

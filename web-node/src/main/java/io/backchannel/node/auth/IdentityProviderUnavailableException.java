package io.backchannel.node.auth;

/**
 * A JWT could not be checked because the identity provider's signing keys could not be
 * fetched: not the caller's fault, and worth trying again.
 */
public class IdentityProviderUnavailableException extends RuntimeException {

    IdentityProviderUnavailableException(Throwable cause) {
        super("the identity provider's keys could not be fetched", cause);
    }

}

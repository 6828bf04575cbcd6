package io.backchannel.node.auth;

/**
 * A token was missing, malformed, forged or expired. Callers answer 401 or close with
 * 1008; the message is safe to show.
 */
public class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }

}

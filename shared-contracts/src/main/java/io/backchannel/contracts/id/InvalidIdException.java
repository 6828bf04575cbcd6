package io.backchannel.contracts.id;

/**
 * An identifier from outside did not have the required form. The message is safe to show
 * to the client that sent it.
 */
public final class InvalidIdException extends IllegalArgumentException {

    public InvalidIdException(String message) {
        super(message);
    }

}

package io.backchannel.load;

/**
 * The command line asks for something that cannot be done: an unknown scenario or option,
 * or a value of the wrong form. The run stops before it sends anything.
 */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }

}

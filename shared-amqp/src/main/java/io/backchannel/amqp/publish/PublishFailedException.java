package io.backchannel.amqp.publish;

/**
 * A message the broker did not take responsibility for, or may not have: nacked, returned
 * unroutable, not confirmed in time, or lost with its channel.
 */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message) {
        super(message);
    }

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }

}

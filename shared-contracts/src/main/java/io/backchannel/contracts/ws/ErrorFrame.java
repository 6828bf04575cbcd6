package io.backchannel.contracts.ws;

/**
 * Something the client sent was wrong. The socket stays open unless the frame was the
 * hello.
 *
 * @param code one of {@link ErrorCode}'s values
 * @param message a sentence for people
 */
public record ErrorFrame(String code, String message) implements ServerFrame {

}

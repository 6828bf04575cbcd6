package io.backchannel.contracts.ws;

/**
 * The answer to {@link Ping}.
 */
public record Pong() implements ClientFrame, ServerFrame {

}

package io.backchannel.contracts.ws;

/**
 * Keep-alive, either way; the other side answers {@link Pong}.
 */
public record Ping() implements ClientFrame, ServerFrame {

}

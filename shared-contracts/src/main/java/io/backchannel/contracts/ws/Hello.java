package io.backchannel.contracts.ws;

/**
 * The first frame of every socket. The node closes the socket with 1008 when it does not
 * come in time or its token does not verify.
 *
 * @param token the bearer token from {@code POST /api/sessions}
 * @param lastEventId the last event the client has seen, or null for "everything you
 * still hold"
 */
public record Hello(String token, String lastEventId) implements ClientFrame {

}

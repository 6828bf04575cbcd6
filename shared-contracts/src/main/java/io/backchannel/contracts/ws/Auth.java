package io.backchannel.contracts.ws;

/**
 * A fresh token for an open socket, so that it outlives the token of its hello (added to
 * v1). It must prove the same client (the same user, in {@code jwt} mode); the node
 * answers {@link Authenticated}, or an error frame ({@code bad_token},
 * {@code unavailable}) and the socket goes on with the token it had.
 *
 * @param token a bearer token, as in the hello
 */
public record Auth(String token) implements ClientFrame {

}

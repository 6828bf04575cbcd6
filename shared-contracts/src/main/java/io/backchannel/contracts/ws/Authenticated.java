package io.backchannel.contracts.ws;

import java.time.Instant;

/**
 * The answer to a good {@link Auth}: the socket now lives on the new token (added to v1).
 *
 * @param tokenExpiresAt when the new token expires; before then, send another
 */
public record Authenticated(Instant tokenExpiresAt) implements ServerFrame {

}

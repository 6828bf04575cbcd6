package io.backchannel.contracts.http;

import java.time.Instant;

import io.backchannel.contracts.id.ClientId;

/**
 * Body of {@code 201} from {@code POST /api/sessions}: an identity and the token that
 * proves it.
 *
 * @param clientId the new client's id
 * @param token the bearer token for HTTP calls and the WebSocket hello
 * @param expiresAt when the token stops being accepted
 */
public record SessionGrant(ClientId clientId, String token, Instant expiresAt) {

}

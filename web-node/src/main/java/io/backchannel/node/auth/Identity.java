package io.backchannel.node.auth;

import java.time.Instant;
import java.util.Set;

import io.backchannel.contracts.id.ClientId;

/**
 * Who sent a verified token: the client (in {@code jwt} mode, the user) everything they
 * do belongs to, until when the token is good, and the scopes it grants.
 *
 * @param client whose requests, inbox and limits these are
 * @param expiresAt when the token stops being accepted
 * @param scopes what the token grants beyond acting as the client (a JWT's {@code scope}
 * or {@code scp}); none for anonymous tokens
 */
public record Identity(ClientId client, Instant expiresAt, Set<String> scopes) {

    public Identity {
        scopes = Set.copyOf(scopes);
    }

    public boolean hasScope(String scope) {
        return this.scopes.contains(scope);
    }

}

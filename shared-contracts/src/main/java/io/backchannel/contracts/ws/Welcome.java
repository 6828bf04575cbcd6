package io.backchannel.contracts.ws;

import java.time.Instant;

import io.backchannel.contracts.id.ClientId;

/**
 * The answer to a good {@link Hello}. Replayed updates follow it, then live ones.
 *
 * @param clientId whose socket this is
 * @param nodeId the web node holding it
 * @param sessionId this socket's id on that node
 * @param truncated true when the inbox no longer reaches back to the client's
 * lastEventId: some updates are gone from it, so the client should fetch its unfinished
 * requests over HTTP (added to v1; older clients ignore it)
 * @param maxSubmitsInFlight how many {@link Submit}s this socket may have unanswered at
 * once; a submit beyond it is refused with {@code rate_limited}. Present when the node
 * takes submits over the socket (added to v1): a client sends its requests over HTTP to a
 * node whose welcome lacks it
 * @param tokenExpiresAt when the hello's token expires (added to v1): then the node sends
 * a {@code token_expired} error frame and, unless an {@link Auth} frame brings a fresh
 * token within the grace period, closes the socket with 1008
 */
public record Welcome(ClientId clientId, String nodeId, String sessionId, boolean truncated, Integer maxSubmitsInFlight,
        Instant tokenExpiresAt) implements ServerFrame {

    /** A welcome that names no token expiry. */
    public Welcome(ClientId clientId, String nodeId, String sessionId, boolean truncated, Integer maxSubmitsInFlight) {
        this(clientId, nodeId, sessionId, truncated, maxSubmitsInFlight, null);
    }

    /** A welcome that announces no submits over the socket. */
    public Welcome(ClientId clientId, String nodeId, String sessionId, boolean truncated) {
        this(clientId, nodeId, sessionId, truncated, null);
    }

}

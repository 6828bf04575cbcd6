package io.backchannel.load.client;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.id.ClientId;
import tools.jackson.databind.JsonNode;

/**
 * One synthetic user of Backchannel: an identity, one socket that resumes across drops,
 * and requests whose outcome goes to a shared {@link Tally}.
 */
public final class LoadClient extends SocketClient<UpdateSocket> {

    private final SessionGrant grant;

    private LoadClient(Api api, SessionGrant grant, UpdateSocket socket, Tally tally) {
        super(api, tally, socket);
        this.grant = grant;
    }

    /**
     * Gets a session from {@code sessionNode} and opens a socket to {@code socketNodes}
     * (asked again on every reconnect), waiting at most {@code timeout} for its welcome.
     */
    public static LoadClient open(Api api, URI sessionNode, Supplier<URI> socketNodes, Tally tally, RetryPolicy backoff,
            Duration timeout) throws InterruptedException {
        SessionGrant grant = api.session(sessionNode);
        UpdateSocket socket = UpdateSocket.open(api.raw(), socketNodes, grant.token(), tally, backoff, timeout);
        return new LoadClient(api, grant, socket, tally);
    }

    public ClientId clientId() {
        return this.grant.clientId();
    }

    public String token() {
        return this.grant.token();
    }

    @Override
    public Sent submit(Supplier<URI> target, String type, JsonNode payload, long intendedAt)
            throws InterruptedException {
        return submit(this.api, this.tally, token(), target, type, payload, intendedAt);
    }

    /**
     * Sends one new request for the client holding {@code token}, recording it in
     * {@code tally}; for clients whose sockets are not {@link UpdateSocket}s.
     */
    public static Sent submit(Api api, Tally tally, String token, Supplier<URI> target, String type, JsonNode payload,
            long intendedAt) throws InterruptedException {
        return Client.track(tally, intendedAt, (id) -> api.submit(target, token, id, type, payload));
    }

}

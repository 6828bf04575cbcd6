package io.backchannel.load.socketio;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import io.backchannel.load.client.Api;
import io.backchannel.load.client.Client;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.SocketClient;
import io.backchannel.load.client.Tally;
import tools.jackson.databind.JsonNode;

/**
 * One synthetic user of the baseline: a client id of its own (no session, no token), one
 * Socket.IO socket, and requests posted as {@code {correlationId, clientId, type,
 * payload}}, retried with the same correlation id as {@link Api} retries (the baseline
 * does not recognise a retry: it starts the job again).
 */
public final class BaselineClient extends SocketClient<SocketIoSocket> {

    private final String clientId;

    private BaselineClient(Api api, Tally tally, String clientId, SocketIoSocket socket) {
        super(api, tally, socket);
        this.clientId = clientId;
    }

    /**
     * Opens a socket to {@code socketNodes} (asked again on every reconnect) and waits at
     * most {@code timeout} for its welcome.
     */
    public static BaselineClient open(Api api, Supplier<URI> socketNodes, Tally tally, RetryPolicy backoff,
            Duration timeout) throws InterruptedException {
        String clientId = UUID.randomUUID().toString();
        return new BaselineClient(api, tally, clientId,
                SocketIoSocket.open(api.raw(), socketNodes, clientId, tally, backoff, timeout));
    }

    @Override
    public Sent submit(Supplier<URI> target, String type, JsonNode payload, long intendedAt)
            throws InterruptedException {
        return Client.track(this.tally, intendedAt,
                (id) -> this.api.submit(target, null, id, new Job(id.value(), this.clientId, type, payload)));
    }

    /** The body of the baseline's {@code POST /api/requests}. */
    record Job(String correlationId, String clientId, String type, JsonNode payload) {

    }

}

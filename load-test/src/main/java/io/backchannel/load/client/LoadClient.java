package io.backchannel.load.client;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import tools.jackson.databind.JsonNode;

/**
 * One synthetic user: an identity, one socket that resumes across drops, and requests
 * whose outcome goes to a shared {@link Tally}.
 */
public final class LoadClient implements AutoCloseable {

    private final Api api;

    private final SessionGrant grant;

    private final UpdateSocket socket;

    private final Tally tally;

    private LoadClient(Api api, SessionGrant grant, UpdateSocket socket, Tally tally) {
        this.api = api;
        this.grant = grant;
        this.socket = socket;
        this.tally = tally;
    }

    /**
     * Gets a session from {@code sessionNode} and opens a socket to {@code socketNodes}
     * (asked again on every reconnect), waiting at most {@code timeout} for its welcome.
     */
    public static LoadClient open(Api api, URI sessionNode, Supplier<URI> socketNodes, Tally tally, RetryPolicy backoff,
            Duration timeout) throws InterruptedException {
        SessionGrant grant = api.session(sessionNode);
        UpdateSocket socket = UpdateSocket.open(api.http(), socketNodes, grant.token(), tally, backoff, timeout);
        return new LoadClient(api, grant, socket, tally);
    }

    public ClientId clientId() {
        return this.grant.clientId();
    }

    public String token() {
        return this.grant.token();
    }

    public UpdateSocket socket() {
        return this.socket;
    }

    /**
     * Sends one new request (a fresh correlation id), retrying it as {@link Api} does,
     * and records it in the tally. Blocks until the request is accepted or given up.
     * @param target where each try goes
     * @param intendedAt when the request was due ({@link System#nanoTime}): latency
     * counts from here
     */
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
        CorrelationId id = CorrelationId.of(UUID.randomUUID().toString());
        CompletableFuture<Completion> completion = tally.submitted(id, intendedAt);
        Submission submission = api.submit(target, token, id, type, payload);
        if (submission.accepted()) {
            tally.accepted(id, submission.answeredAt());
        }
        else {
            tally.refused(id);
        }
        return new Sent(submission, completion);
    }

    /**
     * A request as sent.
     *
     * @param submission how the HTTP part ended
     * @param completion completes when the terminal update is in as well; never when the
     * request was refused or is lost
     */
    public record Sent(Submission submission, CompletableFuture<Completion> completion) {

    }

    @Override
    public void close() {
        this.socket.close();
    }

}

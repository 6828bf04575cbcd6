package io.backchannel.load.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.ws.Accepted;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.Submit;
import io.backchannel.load.client.Submission.Outcome;
import tools.jackson.databind.JsonNode;

/**
 * One synthetic user of Backchannel: an identity, one socket that resumes across drops,
 * and requests whose outcome goes to a shared {@link Tally}. Requests go over HTTP, or
 * over the socket itself ({@link SubmitPath#SOCKET}), as the browser client does when its
 * node takes socket submits.
 */
public final class LoadClient extends SocketClient<UpdateSocket> {

    /** How long a socket submit waits for its answer before it is sent again. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final SessionGrant grant;

    private final SubmitPath path;

    private final RetryPolicy retry;

    private LoadClient(Api api, SessionGrant grant, UpdateSocket socket, Tally tally, SubmitPath path,
            RetryPolicy retry) {
        super(api, tally, socket);
        this.grant = grant;
        this.path = path;
        this.retry = retry;
    }

    /**
     * Gets a session from {@code sessionNode} and opens a socket to {@code socketNodes}
     * (asked again on every reconnect), waiting at most {@code timeout} for its welcome;
     * requests go over HTTP.
     */
    public static LoadClient open(Api api, URI sessionNode, Supplier<URI> socketNodes, Tally tally, RetryPolicy backoff,
            Duration timeout) throws InterruptedException {
        return open(api, sessionNode, socketNodes, tally, backoff, timeout, SubmitPath.HTTP);
    }

    /**
     * As {@link #open(Api, URI, Supplier, Tally, RetryPolicy, Duration)}, requests going
     * {@code path}.
     */
    public static LoadClient open(Api api, URI sessionNode, Supplier<URI> socketNodes, Tally tally, RetryPolicy backoff,
            Duration timeout, SubmitPath path) throws InterruptedException {
        SessionGrant grant = api.session(sessionNode);
        UpdateSocket socket = UpdateSocket.open(api.raw(), socketNodes, grant.token(), tally, backoff, timeout);
        if (path == SubmitPath.SOCKET && !socket.takesSubmits()) {
            socket.close();
            throw new IllegalStateException("the node's welcome announces no socket submits: it is older than them");
        }
        return new LoadClient(api, grant, socket, tally, path, backoff);
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
        if (this.path == SubmitPath.SOCKET) {
            return Client.track(this.tally, intendedAt, (id) -> overSocket(id, type, payload));
        }
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

    /**
     * A {@code submit} frame, sent again with the same id as a well-behaved client does:
     * after an answer with {@code retryAfter}, a socket that dropped before the answer,
     * or no answer in time.
     */
    private Submission overSocket(CorrelationId id, String type, JsonNode payload) throws InterruptedException {
        Submit frame = new Submit(id.value(), type, payload);
        for (int attempt = 0;; attempt++) {
            int status = 0;
            String retryAfter = null;
            String detail;
            String reason = "network";
            try {
                ServerFrame answer = socket().submit(frame).get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                long at = System.nanoTime();
                if (answer instanceof Accepted accepted) {
                    return new Submission(id, Outcome.ACCEPTED, accepted.status(), attempt + 1, at, null);
                }
                ErrorFrame error = (ErrorFrame) answer;
                status = (error.status() != null) ? error.status() : 0;
                detail = error.code() + ": " + error.message();
                if (error.retryAfter() == null) {
                    return new Submission(id, Outcome.REFUSED, status, attempt + 1, at, detail);
                }
                retryAfter = Long.toString(error.retryAfter());
                reason = Integer.toString(status);
            }
            catch (ExecutionException ex) {
                detail = "socket: " + ex.getCause().getMessage();
            }
            catch (TimeoutException ex) {
                detail = "socket: no answer within " + ANSWER_TIMEOUT.toSeconds() + " s";
            }
            if (attempt + 1 >= this.retry.maxAttempts()) {
                return new Submission(id, Outcome.GAVE_UP, status, attempt + 1, System.nanoTime(), detail);
            }
            this.api.retried(reason);
            Thread.sleep(this.retry.delay(attempt, retryAfter, Instant.now()));
        }
    }

    /** Which way a client's requests go. */
    public enum SubmitPath {

        /** {@code POST /api/requests}. */
        HTTP,

        /** A {@code submit} frame on the client's own socket. */
        SOCKET;

        /**
         * @throws IllegalArgumentException for a name that is neither
         */
        public static SubmitPath of(String name) {
            return switch (name) {
                case "http" -> HTTP;
                case "socket" -> SOCKET;
                default -> throw new IllegalArgumentException("expected http or socket, was " + name);
            };
        }

    }

}

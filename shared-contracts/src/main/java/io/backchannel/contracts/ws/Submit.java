package io.backchannel.contracts.ws;

import io.backchannel.contracts.http.CallbackSpec;
import tools.jackson.databind.JsonNode;

/**
 * A request sent over the socket instead of {@code POST /api/requests} (added to v1;
 * allowed only after the {@link Welcome}, and only to a node whose welcome announced it
 * with {@link Welcome#maxSubmitsInFlight()}). It is the same request with the same
 * guarantees: the client is the one the hello authenticated, the same correlation id is
 * the same request whichever way it comes (a submit retried over HTTP, or a POST retried
 * here, starts no second job), and the same limits apply.
 *
 * <p>
 * The node answers each submit with exactly one {@link Accepted} or one
 * {@link ErrorFrame} naming its correlation id as sent, unless the socket closes first:
 * then the client sends the same submit again (here after a reconnect, or over HTTP).
 * Submits of one socket are handled side by side, so answers may come in any order, and
 * an update of the request may come before its answer.
 *
 * <p>
 * Fields stay raw, as in {@link io.backchannel.contracts.http.SubmitRequest}, so that
 * each bad one is answered with a precise {@code bad_request}.
 *
 * @param correlationId the client-generated UUID of this request
 * @param jobType the job type, for example {@code report} (the body's {@code type} over
 * HTTP; here {@code type} names the frame)
 * @param payload the job's input: a JSON object, or absent for none
 * @param timeoutMillis as in {@link io.backchannel.contracts.http.SubmitRequest}: absent
 * for the job type's default
 * @param callback as in {@link io.backchannel.contracts.http.SubmitRequest}: absent for
 * none
 */
public record Submit(String correlationId, String jobType, JsonNode payload, Long timeoutMillis,
        CallbackSpec callback) implements ClientFrame {

    /** A submit with its job type's default timeout and no callback. */
    public Submit(String correlationId, String jobType, JsonNode payload) {
        this(correlationId, jobType, payload, null, null);
    }

}

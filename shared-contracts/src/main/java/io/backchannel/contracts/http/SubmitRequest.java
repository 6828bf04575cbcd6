package io.backchannel.contracts.http;

import tools.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/requests}. Fields stay raw here so that the intake can answer
 * each bad one with a precise problem rather than a parse failure.
 *
 * @param correlationId the client-generated UUID of this request
 * @param type the job type, for example {@code report}
 * @param payload the job's input: a JSON object, or absent for none
 * @param timeoutMillis how long the request may take before it ends {@code FAILED} with
 * {@code deadline_exceeded}, 1 ms to 24 h; absent for its job type's default
 * @param callback where to POST the terminal record, or absent for none
 */
public record SubmitRequest(String correlationId, String type, JsonNode payload, Long timeoutMillis,
        CallbackSpec callback) {

    /** A request with its job type's default timeout and no callback. */
    public SubmitRequest(String correlationId, String type, JsonNode payload) {
        this(correlationId, type, payload, null, null);
    }

    /** A request with no callback. */
    public SubmitRequest(String correlationId, String type, JsonNode payload, Long timeoutMillis) {
        this(correlationId, type, payload, timeoutMillis, null);
    }

}

package io.backchannel.contracts.amqp;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * Body of a job on {@code bc.jobs}. Who it belongs to travels in the AMQP properties (see
 * {@link Headers}).
 *
 * @param type the job type
 * @param payload the client's input, a JSON object
 * @param acceptedAt when the web node accepted the request
 * @param deadline when the request ends without its worker; a worker starts no job and no
 * retry past it. Null from a node that predates deadlines.
 */
public record JobMessage(String type, JsonNode payload, Instant acceptedAt, Instant deadline) {

    /** A job without a deadline. */
    public JobMessage(String type, JsonNode payload, Instant acceptedAt) {
        this(type, payload, acceptedAt, null);
    }

}

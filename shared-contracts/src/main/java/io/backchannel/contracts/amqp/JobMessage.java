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
 */
public record JobMessage(String type, JsonNode payload, Instant acceptedAt) {

}

package io.backchannel.worker.jobs;

import java.math.BigInteger;

import tools.jackson.databind.JsonNode;

/**
 * Reads job payloads strictly: a payload is a JSON object; a number field is a whole
 * number within its range, or absent (or null) for its default. Anything else fails the
 * job with {@code bad_payload} and a message that names the field. Unknown fields are
 * ignored, so that clients may send more than an older worker knows.
 */
public final class Payloads {

    private Payloads() {
    }

    public static JsonNode object(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw FatalJobException.badPayload("payload must be a JSON object");
        }
        return payload;
    }

    public static int intField(JsonNode payload, String name, int min, int max, int defaultValue) {
        JsonNode value = object(payload).get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !within(value.bigIntegerValue(), min, max)) {
            throw FatalJobException.badPayload(
                    name + " must be a whole number from " + min + " to " + max + " (default " + defaultValue + ")");
        }
        return value.intValue();
    }

    private static boolean within(BigInteger value, int min, int max) {
        return value.compareTo(BigInteger.valueOf(min)) >= 0 && value.compareTo(BigInteger.valueOf(max)) <= 0;
    }

}

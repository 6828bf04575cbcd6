package io.backchannel.node.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fingerprint that tells a retry of a request (same payload) from a reuse of its
 * correlation id (another payload): SHA-256, in hex, of the payload written canonically,
 * with the keys of every object sorted. Two payloads that differ only in key order or in
 * JSON spelling (white space, escapes) are the same request.
 */
public final class PayloadHash {

    private PayloadHash() {
    }

    public static String of(JsonNode payload) {
        byte[] canonical = Json.mapper().writeValueAsBytes(canonical(payload));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            Collections.sort(fields, Map.Entry.comparingByKey());
            ObjectNode sorted = JsonNodeFactory.instance.objectNode();
            fields.forEach((field) -> sorted.set(field.getKey(), canonical(field.getValue())));
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            node.values().forEach((element) -> copy.add(canonical(element)));
            return copy;
        }
        return node;
    }

}

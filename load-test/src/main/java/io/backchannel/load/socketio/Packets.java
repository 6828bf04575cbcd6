package io.backchannel.load.socketio;

import java.util.ArrayList;
import java.util.List;

import io.backchannel.contracts.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The packets of a Socket.IO v4 connection over WebSocket: one Engine.IO v4 packet per
 * text frame (a type digit, then its data: {@code 0{...}} open, {@code 1} close,
 * {@code 2} ping, {@code 3} pong, {@code 4...} message, {@code 6} noop), and in each
 * message one Socket.IO packet ({@code 0} CONNECT, {@code 1} DISCONNECT, {@code 2} EVENT,
 * {@code 3} ACK, {@code 4} CONNECT_ERROR), optionally with a namespace ({@code /admin,})
 * and an ack id before its JSON. Binary packets are not used.
 */
public final class Packets {

    private Packets() {
    }

    /**
     * Reads one text frame.
     * @throws IllegalArgumentException when it is not a packet of these protocols
     */
    public static Packet parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty frame");
        }
        String data = text.substring(1);
        return switch (text.charAt(0)) {
            case '0' -> open(json(data));
            case '1' -> new Close();
            case '2' -> new Ping(data);
            case '3' -> new Pong(data);
            case '4' -> message(data);
            case '6' -> new Noop();
            default -> throw new IllegalArgumentException("not an Engine.IO v4 packet: " + abbreviate(text));
        };
    }

    /** The client's CONNECT to the main namespace, with {@code auth} as its payload. */
    public static String connect(Object auth) {
        return "40" + Json.mapper().writeValueAsString(auth);
    }

    /** The answer to a ping: a pong with the same data. */
    public static String pong(Ping ping) {
        return "3" + ping.data();
    }

    private static Open open(JsonNode handshake) {
        String sid = handshake.path("sid").asString(null);
        if (sid == null || !handshake.path("pingInterval").isNumber() || !handshake.path("pingTimeout").isNumber()) {
            throw new IllegalArgumentException("an open packet without sid, pingInterval and pingTimeout");
        }
        return new Open(sid, handshake.path("pingInterval").asLong(), handshake.path("pingTimeout").asLong());
    }

    private static Packet message(String packet) {
        if (packet.isEmpty()) {
            throw new IllegalArgumentException("an empty message");
        }
        char type = packet.charAt(0);
        int at = 1;
        String namespace = "/";
        if (at < packet.length() && packet.charAt(at) == '/') {
            int comma = packet.indexOf(',', at);
            namespace = (comma < 0) ? packet.substring(at) : packet.substring(at, comma);
            at = (comma < 0) ? packet.length() : comma + 1;
        }
        int digits = at;
        while (digits < packet.length() && Character.isDigit(packet.charAt(digits))) {
            digits++;
        }
        Long ackId = (digits > at) ? Long.valueOf(packet.substring(at, digits)) : null;
        String rest = packet.substring(digits);
        return switch (type) {
            case '0' -> new Connect(namespace, rest.isEmpty() ? null : json(rest));
            case '1' -> new Disconnect(namespace);
            case '2' -> event(namespace, ackId, json(rest));
            case '4' -> new ConnectError(namespace, rest.isEmpty() ? null : json(rest));
            default -> new Unsupported(type, namespace);
        };
    }

    private static Event event(String namespace, Long ackId, JsonNode array) {
        if (!array.isArray() || array.isEmpty() || !array.get(0).isString()) {
            throw new IllegalArgumentException("an event that is not [\"name\", ...args]");
        }
        List<JsonNode> args = new ArrayList<>();
        for (int i = 1; i < array.size(); i++) {
            args.add(array.get(i));
        }
        return new Event(namespace, array.get(0).asString(), List.copyOf(args), ackId);
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(text), ex);
        }
    }

    private static String abbreviate(String text) {
        return (text.length() <= 80) ? text : text.substring(0, 80) + "...";
    }

    /** A packet of either protocol. */
    public sealed interface Packet
            permits Open, Close, Ping, Pong, Noop, Connect, Disconnect, Event, ConnectError, Unsupported {

    }

    /** Engine.IO open: the session and its heartbeat, in milliseconds. */
    public record Open(String sid, long pingIntervalMillis, long pingTimeoutMillis) implements Packet {

    }

    /** Engine.IO close. */
    public record Close() implements Packet {

    }

    /** Engine.IO ping (from the server in v4): answer with {@link Packets#pong}. */
    public record Ping(String data) implements Packet {

    }

    /** Engine.IO pong. */
    public record Pong(String data) implements Packet {

    }

    /** Engine.IO noop. */
    public record Noop() implements Packet {

    }

    /** Socket.IO CONNECT: the namespace accepted the client ({@code {"sid": ...}}). */
    public record Connect(String namespace, JsonNode data) implements Packet {

    }

    /** Socket.IO DISCONNECT: the server left the namespace. */
    public record Disconnect(String namespace) implements Packet {

    }

    /** Socket.IO EVENT: {@code name} with its arguments; an ack id when one is wanted. */
    public record Event(String namespace, String name, List<JsonNode> args, Long ackId) implements Packet {

    }

    /** Socket.IO CONNECT_ERROR: the namespace refused the client. */
    public record ConnectError(String namespace, JsonNode data) implements Packet {

    }

    /** A Socket.IO packet this client has no use for (ACK, binary). */
    public record Unsupported(char type, String namespace) implements Packet {

    }

}

package io.backchannel.load.restart;

import java.util.Optional;

import io.backchannel.contracts.json.Json;

/**
 * The line protocol between a load generator and the process that started it, on the
 * generator's standard output: {@code @@share <kind> <json>}, one {@link ShareLine} a
 * line. Anything else the generator prints (its progress, a JVM warning) is not the
 * protocol's and is passed on as it is; the mark keeps the two apart without a channel of
 * their own.
 */
final class ShareLines {

    static final String MARK = "@@share ";

    private ShareLines() {
    }

    static String encode(ShareLine line) {
        return MARK + kind(line) + " " + Json.mapper().writeValueAsString(line);
    }

    /**
     * The protocol line {@code text} is, or empty when it is other output.
     * @throws IllegalArgumentException when it is marked but not a line of the protocol
     */
    static Optional<ShareLine> decode(String text) {
        if (!text.startsWith(MARK)) {
            return Optional.empty();
        }
        String rest = text.substring(MARK.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException("a protocol line without a body: " + text);
        }
        Class<? extends ShareLine> type = switch (rest.substring(0, space)) {
            case "ready" -> ShareLine.Ready.class;
            case "status" -> ShareLine.Status.class;
            case "totals" -> ShareLine.Totals.class;
            default -> throw new IllegalArgumentException("an unknown kind of protocol line: " + text);
        };
        try {
            return Optional.of(Json.mapper().readValue(rest.substring(space + 1), type));
        }
        catch (RuntimeException ex) {
            throw new IllegalArgumentException("an unreadable protocol line: " + ex.getMessage(), ex);
        }
    }

    private static String kind(ShareLine line) {
        return switch (line) {
            case ShareLine.Ready ready -> "ready";
            case ShareLine.Status status -> "status";
            case ShareLine.Totals totals -> "totals";
        };
    }

}

package io.backchannel.node.intake;

import org.jspecify.annotations.Nullable;

/**
 * A record's entity tag: its seq, quoted ({@code "7"}). The seq only grows, and every
 * change of the record a client can see raises it, so it identifies what the client
 * holds.
 */
final class SeqTag {

    private SeqTag() {
    }

    static String of(long seq) {
        return "\"" + seq + "\"";
    }

    /**
     * The seq named by an {@code If-None-Match} header: its first tag of our form, weak
     * or not; null when there is none ({@code *}, or tags this node never gave).
     */
    static @Nullable Long parse(@Nullable String header) {
        if (header == null) {
            return null;
        }
        for (String tag : header.split(",")) {
            String value = tag.trim();
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.length() < 3 || value.length() > 21 || !value.startsWith("\"") || !value.endsWith("\"")) {
                continue;
            }
            String digits = value.substring(1, value.length() - 1);
            if (digits.chars().allMatch(Character::isDigit)) {
                try {
                    return Long.parseLong(digits);
                }
                catch (NumberFormatException ex) {
                    // Beyond a long: never one of ours.
                }
            }
        }
        return null;
    }

}

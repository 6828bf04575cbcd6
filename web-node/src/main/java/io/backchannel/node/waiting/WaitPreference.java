package io.backchannel.node.waiting;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The {@code wait} preference of a {@code Prefer} header (RFC 7240): how many seconds the
 * caller will wait for the request's end. Preferences the node does not know, and a wait
 * that is not a whole number of seconds, are ignored, as the RFC asks; a wait above
 * {@link #MAX_SECONDS} is honoured as {@link #MAX_SECONDS}.
 *
 * @param seconds 1 to {@link #MAX_SECONDS}
 */
public record WaitPreference(int seconds) {

    public static final int MAX_SECONDS = 60;

    public WaitPreference {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("wait must be 1 to " + MAX_SECONDS + " s");
        }
    }

    /**
     * @param prefer the header's values, comma-separated, or null
     * @return the wait asked for, or null when none (or {@code wait=0}) is
     */
    public static @Nullable WaitPreference parse(@Nullable String prefer) {
        if (prefer == null) {
            return null;
        }
        for (String preference : prefer.split(",")) {
            String token = preference.split(";", 2)[0].trim();
            int eq = token.indexOf('=');
            if (eq < 0 || !token.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("wait")) {
                continue;
            }
            String value = token.substring(eq + 1).trim();
            if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int seconds = Integer.parseInt(value);
            return (seconds == 0) ? null : new WaitPreference(Math.min(seconds, MAX_SECONDS));
        }
        return null;
    }

    /** The {@code Preference-Applied} value. */
    public String applied() {
        return "wait=" + this.seconds;
    }

}

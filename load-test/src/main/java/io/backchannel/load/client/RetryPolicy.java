package io.backchannel.load.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a call that did not get through is tried again: the same request (the same
 * correlation id), after the server's {@code Retry-After} when it sent one, else after an
 * exponential backoff with "equal jitter" (the JS client's rule: a delay in [cap/2, cap],
 * cap = min(max, initial * 2^attempt)).
 *
 * @param maxAttempts tries in all, at least 1 (the JS client: 8)
 * @param initialBackoff cap of the first wait (500 ms)
 * @param maxBackoff largest cap (15 s)
 * @param maxRetryAfter longest wait a Retry-After may impose (30 s)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The browser client's defaults. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    /**
     * The wait after failed attempt {@code attempt} (0 for the first).
     * @param retryAfter the answer's Retry-After header, or null
     */
    public Duration delay(int attempt, String retryAfter, Instant now) {
        Duration asked = retryAfter(retryAfter, now);
        if (asked != null) {
            return (asked.compareTo(this.maxRetryAfter) > 0) ? this.maxRetryAfter : asked;
        }
        return backoff(attempt);
    }

    public Duration backoff(int attempt) {
        double cap = Math.min(this.maxBackoff.toMillis(),
                this.initialBackoff.toMillis() * Math.pow(2, Math.min(attempt, 30)));
        return Duration.ofMillis(Math.round(cap / 2 + ThreadLocalRandom.current().nextDouble() * cap / 2));
    }

    /** A Retry-After value (seconds, or an HTTP date) as a wait, or null. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        }
        catch (DateTimeParseException ex) {
            return null;
        }
    }

}

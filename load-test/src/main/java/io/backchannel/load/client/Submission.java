package io.backchannel.load.client;

import io.backchannel.contracts.id.CorrelationId;

/**
 * How one {@code POST /api/requests} ended, after its retries.
 *
 * @param id the request's correlation id (the same on every try)
 * @param outcome accepted, refused, or given up
 * @param status the last HTTP status, or 0 when the last try got no answer
 * @param attempts how many tries it took
 * @param answeredAt {@link System#nanoTime} when the last answer came
 * @param detail the last error (status line, problem type or exception), or null
 */
public record Submission(CorrelationId id, Outcome outcome, int status, int attempts, long answeredAt, String detail) {

    public boolean accepted() {
        return this.outcome == Outcome.ACCEPTED;
    }

    public enum Outcome {

        /** 202 (this call published the job) or 200 (an earlier try had). */
        ACCEPTED,

        /** An answer that retrying cannot change: 4xx other than 429, or 500. */
        REFUSED,

        /** Every try met 503, 429, 502, 504 or a network error. */
        GAVE_UP

    }

}

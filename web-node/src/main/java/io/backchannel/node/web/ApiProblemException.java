package io.backchannel.node.web;

import java.time.Duration;

import io.backchannel.contracts.http.ProblemType;

/**
 * An HTTP API call that ends in a problem answer. The one unchecked exception a handler
 * throws to answer with an error; {@link ApiExceptionHandler} turns it into
 * {@code application/problem+json} (adding {@code WWW-Authenticate} to 401 and
 * {@code Retry-After} to 429 and 503).
 */
public class ApiProblemException extends RuntimeException {

    private final ProblemType type;

    private final Duration retryAfter;

    /**
     * @param type the problem type, which fixes the status
     * @param detail a sentence for the client; it is sent as is, so it must never carry
     * internals
     */
    public ApiProblemException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public ApiProblemException(ProblemType type, String detail, Throwable cause) {
        this(type, detail, cause, null);
    }

    /**
     * @param retryAfter the {@code Retry-After} of this answer, when the refusal knows
     * better than the default (a rate limit knows when the next token comes); null for
     * the default
     */
    public ApiProblemException(ProblemType type, String detail, Throwable cause, Duration retryAfter) {
        // No stack trace: these are expected answers, not bugs, and some are frequent
        // (401).
        super(detail, cause, false, false);
        this.type = type;
        this.retryAfter = retryAfter;
    }

    public ProblemType type() {
        return this.type;
    }

    /** This answer's own {@code Retry-After}, or null for the default. */
    public Duration retryAfter() {
        return this.retryAfter;
    }

    /** The sentence sent as {@code detail}. */
    public String detail() {
        return getMessage();
    }

}

package io.backchannel.node.web;

import java.time.Duration;

import io.backchannel.contracts.http.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/**
 * How the API answers a failure, whichever way the request came (HTTP or a socket's
 * submit): the problem type, a detail of our own, and the wait before a retry where one
 * is due. The one place that decides what is the client's fault, what is an outage it can
 * wait out, and what is a bug.
 *
 * @param type the problem type, which fixes the status
 * @param detail a sentence for the client, never a library's message
 * @param retryAfter the wait this refusal knows better than the default (a rate limit
 * knows when the next token comes), or null
 */
public record Refusal(ProblemType type, String detail, Duration retryAfter) {

    /**
     * The request attribute that holds the {@link ProblemType} an HTTP answer was given,
     * for those that count answers by their problem (two problems may share a status).
     */
    public static final String PROBLEM_ATTRIBUTE = Refusal.class.getName() + ".problem";

    private static final Logger logger = LoggerFactory.getLogger(Refusal.class);

    static final String STORE_UNAVAILABLE = "The request store is not answering; send the same request again later.";

    /** The detail of every {@code internal} answer: nothing of the bug is disclosed. */
    public static final String INTERNAL = "Something went wrong on our side. It has been logged.";

    /**
     * The answer to a failure:
     * <ul>
     * <li>an {@link ApiProblemException} anywhere in the cause chain is the answer (a
     * body over the limit fails while Jackson reads it, with the limit's own exception
     * inside);</li>
     * <li>Redis not answering (down, failing over, timing out), or answering that it
     * cannot serve yet ({@link StoreNotReady}), is an outage the client can wait out:
     * {@code unavailable}, logged as a warning;</li>
     * <li>anything else is a bug: {@code internal}, logged in full, and nothing of it
     * disclosed.</li>
     * </ul>
     * @param ex the failure
     * @param where what failed, for the log ({@code POST /api/requests}, ...)
     */
    public static Refusal of(Throwable ex, String where) {
        ApiProblemException problem = findProblem(ex);
        if (problem != null) {
            return of(problem);
        }
        if (isStoreUnavailable(ex)) {
            logger.warn("Store unavailable on {}: {}", where, ex.toString());
            return new Refusal(ProblemType.UNAVAILABLE, STORE_UNAVAILABLE, null);
        }
        logger.error("Unhandled error on {}", where, ex);
        return new Refusal(ProblemType.INTERNAL, INTERNAL, null);
    }

    static Refusal of(ApiProblemException problem) {
        return new Refusal(problem.type(), problem.detail(), problem.retryAfter());
    }

    static boolean isStoreUnavailable(Throwable ex) {
        for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException) {
                return true;
            }
        }
        return StoreNotReady.isCauseOf(ex);
    }

    static ApiProblemException findProblem(Throwable ex) {
        for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
            if (t instanceof ApiProblemException problem) {
                return problem;
            }
        }
        return null;
    }

    /**
     * The {@code Retry-After} of this answer in whole seconds, rounded up so that a
     * client never comes back too early; null where none is due (only {@code unavailable}
     * and {@code rate_limited} have one).
     * @param advice the default wait, for a refusal that names none
     */
    public Long retryAfterSeconds(RetryAdvice advice) {
        if (this.type != ProblemType.UNAVAILABLE && this.type != ProblemType.RATE_LIMITED) {
            return null;
        }
        Duration wait = (this.retryAfter != null) ? this.retryAfter : advice.retryAfter();
        long seconds = wait.toSeconds();
        return (wait.toNanosPart() > 0 || seconds == 0) ? seconds + 1 : seconds;
    }

}

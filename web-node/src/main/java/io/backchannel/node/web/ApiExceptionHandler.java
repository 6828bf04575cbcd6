package io.backchannel.node.web;

import java.time.Duration;
import java.util.regex.Pattern;

import io.backchannel.contracts.http.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the HTTP API into {@code application/problem+json} with a stable
 * {@link ProblemType}. A {@code detail} is always a sentence written here or by the code
 * that refused the request, never an exception message from a library, a class name or a
 * stack trace.
 *
 * <p>
 * Spring MVC's own refusals (malformed JSON, 404, 405, 415, ...) come through
 * {@link ResponseEntityExceptionHandler}; being a {@code ResponseEntityExceptionHandler}
 * bean, this class also replaces Spring Boot's default one.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final RetryAdvice retryAdvice;

    ApiExceptionHandler(RetryAdvice retryAdvice) {
        this.retryAdvice = retryAdvice;
    }

    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<Object> handleApiProblem(ApiProblemException ex) {
        return answer(ex.type(), ex.detail(), ex.retryAfter());
    }

    /**
     * Redis not answering (down, failing over, timing out) is an outage the client can
     * wait out, not a bug: 503, never 500.
     */
    @ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class })
    ResponseEntity<Object> handleStoreUnavailable(Exception ex, HttpServletRequest request) {
        logger.warn("Store unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), ex.toString());
        return answer(ProblemType.UNAVAILABLE, "The request store is not answering; send the same request again later.",
                null);
    }

    /**
     * Anything else is a bug: logged in full here, and nothing of it disclosed. Except a
     * Redis that answers but cannot serve yet (loading its data after a restart, busy
     * with a script, a replica not yet promoted) or a connection to it lost under a
     * command: Spring reports those as uncategorised, but they pass like an outage
     * ({@link StoreNotReady}).
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        ApiProblemException problem = findProblem(ex);
        if (problem != null) {
            return handleApiProblem(problem);
        }
        if (StoreNotReady.isCauseOf(ex)) {
            return handleStoreUnavailable(ex, request);
        }
        logger.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), ex);
        return answer(ProblemType.INTERNAL, "Something went wrong on our side. It has been logged.", null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A body over the limit fails while Jackson reads it; the limit's own exception
        // is in the cause chain.
        ApiProblemException problem = findProblem(ex);
        if (problem != null) {
            return handleApiProblem(problem);
        }
        return handleExceptionInternal(ex, Problems.of(ProblemType.BAD_REQUEST, unreadableDetail(ex)), headers, status,
                request);
    }

    /**
     * Every answer Spring MVC builds itself passes here: its body is replaced by one with
     * our type, title and a detail of our own (Spring's details can name Java types).
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemType type = Problems.typeOf(statusCode);
        ProblemDetail problem = (body instanceof ProblemDetail given && type.uri().equals(given.getType())) ? given
                : Problems.of(type, statusCode, Problems.detailOf(statusCode));
        return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
    }

    private ResponseEntity<Object> answer(ProblemType type, String detail, Duration retryAfter) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(type.status());
        if (type == ProblemType.UNAUTHORIZED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (type == ProblemType.UNAVAILABLE || type == ProblemType.RATE_LIMITED) {
            Duration wait = (retryAfter != null) ? retryAfter : this.retryAdvice.retryAfter();
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds(wait)));
        }
        return builder.body(Problems.of(type, detail));
    }

    /**
     * Retry-After counts whole seconds; round up so that a client never comes back too
     * early.
     */
    private static long seconds(Duration duration) {
        long seconds = duration.toSeconds();
        return (duration.toNanosPart() > 0 || seconds == 0) ? seconds + 1 : seconds;
    }

    private static ApiProblemException findProblem(Throwable ex) {
        for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
            if (t instanceof ApiProblemException problem) {
                return problem;
            }
        }
        return null;
    }

    private static String unreadableDetail(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause == null) {
            return "The request body is missing; it must be a JSON object.";
        }
        if (cause instanceof StreamReadException) {
            return "The body is not valid JSON.";
        }
        if (cause instanceof JacksonException jackson) {
            String field = topLevelField(jackson);
            if (field != null) {
                return "Field '" + field + "' has the wrong form.";
            }
            if (cause instanceof MismatchedInputException) {
                return "The body must be a single JSON object.";
            }
        }
        return "The body is not valid JSON.";
    }

    /**
     * The body's field the failure is in, if it is one of ours (never echoes arbitrary
     * input).
     */
    private static String topLevelField(JacksonException ex) {
        if (ex.getPath().isEmpty()) {
            return null;
        }
        String name = ex.getPath().get(0).getPropertyName();
        return (name != null && FIELD_NAME.matcher(name).matches()) ? name : null;
    }

}

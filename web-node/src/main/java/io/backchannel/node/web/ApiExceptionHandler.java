package io.backchannel.node.web;

import java.util.regex.Pattern;

import io.backchannel.contracts.http.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

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

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final RetryAdvice retryAdvice;

    ApiExceptionHandler(RetryAdvice retryAdvice) {
        this.retryAdvice = retryAdvice;
    }

    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<Object> handleApiProblem(ApiProblemException ex, HttpServletRequest request) {
        request.setAttribute(Refusal.PROBLEM_ATTRIBUTE, ex.type());
        return answer(Refusal.of(ex));
    }

    /**
     * Anything else: an outage the client can wait out (Redis not answering, or not ready
     * yet) or a bug, as {@link Refusal#of} decides.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        return answer(Refusal.of(ex, request.getMethod() + " " + request.getRequestURI()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A body over the limit fails while Jackson reads it; the limit's own exception
        // is in the cause chain.
        ApiProblemException problem = Refusal.findProblem(ex);
        if (problem != null) {
            request.setAttribute(Refusal.PROBLEM_ATTRIBUTE, problem.type(), WebRequest.SCOPE_REQUEST);
            return answer(Refusal.of(problem));
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

    private ResponseEntity<Object> answer(Refusal refusal) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(refusal.type().status());
        if (refusal.type() == ProblemType.UNAUTHORIZED) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        Long retryAfter = refusal.retryAfterSeconds(this.retryAdvice);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        }
        return builder.body(Problems.of(refusal.type(), refusal.detail()));
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

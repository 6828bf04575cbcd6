package io.backchannel.node.web;

import io.backchannel.contracts.http.ProblemType;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the body of every error answer from a {@link ProblemType}.
 */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(ProblemType type, String detail) {
        return of(type, HttpStatusCode.valueOf(type.status()), detail);
    }

    /**
     * A problem whose status may differ from the type's own: statuses the protocol does
     * not name (406, 408, ...) take the closest type, the generic one of their class.
     */
    static ProblemDetail of(ProblemType type, HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    /** The problem type of a status, for answers Spring MVC produces itself. */
    static ProblemType typeOf(HttpStatusCode status) {
        for (ProblemType type : ProblemType.values()) {
            if (type.status() == status.value()) {
                return type;
            }
        }
        return status.is4xxClientError() ? ProblemType.BAD_REQUEST : ProblemType.INTERNAL;
    }

    /** A safe sentence for a status, for answers Spring MVC produces itself. */
    static String detailOf(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "The request is malformed.";
            case 404 -> "There is no such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "The answer is only available as JSON.";
            case 413 -> "The request body is over the size limit.";
            case 415 -> "The body must be JSON (Content-Type: application/json).";
            case 503 -> "The service is not available right now; try again later.";
            default -> status.is4xxClientError() ? "The request cannot be served."
                    : "Something went wrong on our side. It has been logged.";
        };
    }

}

package io.backchannel.contracts.ws;

import java.net.URI;
import java.util.Locale;

import io.backchannel.contracts.http.ProblemType;

/**
 * Something the client sent was wrong, or could not be served. The socket stays open
 * unless the frame was the hello.
 *
 * <p>
 * A refused {@link Submit} (added to v1) names its correlation id and carries what
 * {@code POST /api/requests} would have answered for the same request: the problem type,
 * its status, and the {@code Retry-After} in seconds where HTTP sends one. Its
 * {@code code} is the problem type in the style of the other codes ({@code bad_request},
 * {@code conflict}, {@code unknown_type}, {@code rate_limited}, {@code unavailable},
 * {@code internal}; see {@link ErrorCode}).
 *
 * @param code one of {@link ErrorCode}'s values
 * @param message a sentence for people
 * @param correlationId the correlation id of the refused submit, as it was sent (a string
 * of at most {@value #MAX_ECHOED_ID} characters, else left out); absent on other errors
 * @param problem the problem type HTTP would have answered, as its {@code type} URI
 * ({@code urn:backchannel:problem:conflict}); only on a refused submit
 * @param status the HTTP status of that problem (409); only on a refused submit
 * @param retryAfter seconds to wait before sending the same submit again (over the socket
 * or HTTP); set where HTTP sends {@code Retry-After} ({@code rate_limited},
 * {@code unavailable})
 */
public record ErrorFrame(String code, String message, String correlationId, URI problem, Integer status,
        Long retryAfter) implements ServerFrame {

    /**
     * The longest correlation id an error frame echoes: a valid one has 36 characters,
     * and a client matches its answer by it even when it is malformed.
     */
    public static final int MAX_ECHOED_ID = 64;

    /** An error that answers no submit. */
    public ErrorFrame(String code, String message) {
        this(code, message, null, null, null, null);
    }

    /**
     * The answer to a refused submit.
     * @param correlationId the submit's correlation id as sent, or null
     * @param type the problem type HTTP would answer
     * @param detail the problem's detail
     * @param retryAfter seconds to wait before sending it again, or null
     */
    public static ErrorFrame refusedSubmit(String correlationId, ProblemType type, String detail, Long retryAfter) {
        String echoed = (correlationId != null && correlationId.length() <= MAX_ECHOED_ID) ? correlationId : null;
        return new ErrorFrame(codeOf(type), detail, echoed, type.uri(), type.status(), retryAfter);
    }

    /** The error code of a refused submit: the problem type's name in lower case. */
    public static String codeOf(ProblemType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

}

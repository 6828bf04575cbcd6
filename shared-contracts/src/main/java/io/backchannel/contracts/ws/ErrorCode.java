package io.backchannel.contracts.ws;

/**
 * Codes of {@link ErrorFrame}. The codes from {@code bad_request} on answer a refused
 * {@link Submit} (added to v1): each is a problem type of the HTTP API
 * ({@link io.backchannel.contracts.http.ProblemType}), and the frame names the submit's
 * correlation id and carries the problem's type URI and status.
 *
 * <table>
 * <tr>
 * <th>code</th>
 * <th>socket</th>
 * <th>meaning</th>
 * </tr>
 * <tr>
 * <td>bad_frame</td>
 * <td>stays open</td>
 * <td>not a JSON object, no {@code type}, or a field of the wrong form</td>
 * </tr>
 * <tr>
 * <td>unknown_frame</td>
 * <td>stays open</td>
 * <td>a {@code type} this server does not know</td>
 * </tr>
 * <tr>
 * <td>unexpected_frame</td>
 * <td>stays open</td>
 * <td>a known frame at the wrong time (a second hello)</td>
 * </tr>
 * <tr>
 * <td>unsupported_frame</td>
 * <td>stays open</td>
 * <td>a binary frame; v1 is text only</td>
 * </tr>
 * <tr>
 * <td>hello_required</td>
 * <td>closed 1008</td>
 * <td>the first frame was not a hello</td>
 * </tr>
 * <tr>
 * <td>bad_hello</td>
 * <td>closed 1008</td>
 * <td>the hello was malformed, or its lastEventId was</td>
 * </tr>
 * <tr>
 * <td>bad_token</td>
 * <td>closed 1008 (in answer to a hello); stays open (in answer to an {@code auth} frame,
 * the socket keeping its token)</td>
 * <td>the token is missing, does not verify, has expired, or (auth) proves another
 * client</td>
 * </tr>
 * <tr>
 * <td>token_expired</td>
 * <td>stays open for the grace period, then closed 1008</td>
 * <td>the socket's token has expired; send an {@code auth} frame with a fresh one before
 * the grace period ends (added to v1)</td>
 * </tr>
 * <tr>
 * <td>too_many_sockets</td>
 * <td>closed 1013</td>
 * <td>the client already holds as many sockets as a client may (across all nodes); try
 * again later, after closing one</td>
 * </tr>
 * <tr>
 * <td>bad_request</td>
 * <td>stays open</td>
 * <td>a submit with a field missing or of the wrong form (HTTP 400)</td>
 * </tr>
 * <tr>
 * <td>conflict</td>
 * <td>stays open</td>
 * <td>a submit whose correlation id is taken by a request with another job type or
 * payload (HTTP 409)</td>
 * </tr>
 * <tr>
 * <td>unknown_type</td>
 * <td>stays open</td>
 * <td>a submit of a job type no worker handles (HTTP 422)</td>
 * </tr>
 * <tr>
 * <td>rate_limited</td>
 * <td>stays open</td>
 * <td>a submit over the client's request rate or unfinished requests (HTTP 429), or over
 * the socket's own bound on submits in flight ({@link Welcome#maxSubmitsInFlight()});
 * send it again after {@code retryAfter} seconds</td>
 * </tr>
 * <tr>
 * <td>unavailable</td>
 * <td>stays open</td>
 * <td>a submit the node could not take: store or broker not answering, the broker behind,
 * or the node shutting down (HTTP 503); send it again after {@code retryAfter}
 * seconds</td>
 * </tr>
 * <tr>
 * <td>internal</td>
 * <td>stays open</td>
 * <td>a submit that met a bug (HTTP 500); nothing about it is disclosed</td>
 * </tr>
 * </table>
 */
public final class ErrorCode {

    public static final String BAD_FRAME = "bad_frame";

    public static final String UNKNOWN_FRAME = "unknown_frame";

    public static final String UNEXPECTED_FRAME = "unexpected_frame";

    public static final String UNSUPPORTED_FRAME = "unsupported_frame";

    public static final String HELLO_REQUIRED = "hello_required";

    public static final String BAD_HELLO = "bad_hello";

    public static final String BAD_TOKEN = "bad_token";

    public static final String TOO_MANY_SOCKETS = "too_many_sockets";

    public static final String TOKEN_EXPIRED = "token_expired";

    public static final String BAD_REQUEST = "bad_request";

    public static final String CONFLICT = "conflict";

    public static final String UNKNOWN_TYPE = "unknown_type";

    public static final String RATE_LIMITED = "rate_limited";

    public static final String UNAVAILABLE = "unavailable";

    public static final String INTERNAL = "internal";

    private ErrorCode() {
    }

}

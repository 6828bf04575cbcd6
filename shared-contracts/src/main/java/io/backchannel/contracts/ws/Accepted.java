package io.backchannel.contracts.ws;

import io.backchannel.contracts.http.RequestView;

/**
 * The answer to a {@link Submit} the node took: what {@code POST /api/requests} answers
 * with 202 or 200 (added to v1). Like every answer to a submit, it carries no event id
 * and is no update: the updates of the request come as {@link UpdateFrame}s, in inbox
 * order, possibly before this frame.
 *
 * @param correlationId the submit's correlation id exactly as it was sent, for the client
 * to match the answer (the record's is in canonical lower case)
 * @param status 202 when this submit published the job, 200 when an earlier submit of the
 * same request (over the socket or HTTP) already had
 * @param request the record, exactly as the body of the HTTP answer
 */
public record Accepted(String correlationId, int status, RequestView request) implements ServerFrame {

    /** {@link #status()} of a submit that published the job. */
    public static final int PUBLISHED = 202;

    /** {@link #status()} of a submit whose job an earlier one had published. */
    public static final int REPEATED = 200;

}

package io.backchannel.node.intake;

import java.time.Duration;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.SubmitRequest;
import io.backchannel.contracts.id.ClientId;

/**
 * The intake as a socket's {@code submit} frame reaches it (design note 20): the same
 * request, the same checks and the same answers as {@code POST /api/requests}, for a
 * client the socket's hello has already authenticated. Declared here and called by the
 * sessions, so that they depend on the intake and never the reverse.
 */
public interface SocketIntake {

    /**
     * Takes a request as {@code POST /api/requests} does: the client's rate limit, then
     * validation, the record if absent, the in-flight limit, the publish with its
     * confirm. Blocks on Redis and on the broker: call it on a thread of its own.
     * @return the outcome; never throws, every failure is a {@link SubmitOutcome.Refused}
     * with the problem type HTTP would answer
     */
    SubmitOutcome submit(ClientId client, SubmitRequest request);

    /**
     * Counts and words a submit the socket refused before it reached the intake (a frame
     * whose fields do not bind, a socket over its bound on submits in flight).
     * @param retryAfter the wait to advise, or null for the default where one is due
     */
    SubmitOutcome.Refused refuse(ProblemType type, String detail, Duration retryAfter);

}

package io.backchannel.node.session;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.SubmitRequest;
import io.backchannel.contracts.ws.Accepted;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.Submit;
import io.backchannel.node.intake.SocketIntake;
import io.backchannel.node.intake.SubmitOutcome;
import io.backchannel.node.web.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Takes the {@code submit} frames of welcomed sockets (design note 20): each runs on a
 * virtual thread of its own, so a client may pipeline several on one socket and the
 * thread that reads the socket never waits for Redis or the broker; at most
 * {@code backchannel.ws.max-submits-in-flight} per socket, and one more is refused at
 * once with {@code rate_limited}. Each submit is answered with one {@code accepted} or
 * one {@code error} naming its correlation id, in whatever order they finish, through the
 * socket's outbox like every other frame: an answer is never an update and moves no
 * cursor, so it cannot disturb the order of updates.
 */
@Component
class SocketSubmits {

    private static final Logger logger = LoggerFactory.getLogger(SocketSubmits.class);

    /** A socket over its bound has an answer within milliseconds: retry soon. */
    private static final Duration OVER_BOUND_RETRY = Duration.ofSeconds(1);

    private static final Set<String> FIELDS = Set.of("correlationId", "jobType", "payload");

    private final SocketIntake intake;

    private final int maxPerSocket;

    /** Submits in flight on this node, for the drain; guarded by this object. */
    private int running;

    SocketSubmits(SocketIntake intake, SessionProperties properties) {
        this.intake = intake;
        this.maxPerSocket = properties.maxSubmitsInFlight();
    }

    /** Takes a submit of a welcomed socket; returns at once. */
    void take(ClientSocket socket, Submit submit) {
        if (!socket.submitTaken(this.maxPerSocket)) {
            socket.send(answer(submit.correlationId(),
                    this.intake.refuse(ProblemType.RATE_LIMITED,
                            "This socket" + " already has " + this.maxPerSocket
                                    + " submits unanswered; send this one again once one is" + " answered.",
                            OVER_BOUND_RETRY)));
            return;
        }
        started();
        try {
            Thread.ofVirtual().name("ws-submit-" + socket.id()).start(() -> run(socket, submit));
        }
        catch (RuntimeException | Error ex) {
            socket.submitAnswered();
            finished();
            throw ex;
        }
    }

    /**
     * Answers a submit whose fields do not bind (an object where a string belongs) as
     * HTTP answers such a body: {@code bad_request}, naming the field.
     * @param frame the frame as read
     * @param ex the binding's failure
     */
    void malformed(ClientSocket socket, JsonNode frame, JacksonException ex) {
        String field = ex.getPath().isEmpty() ? null : ex.getPath().get(0).getPropertyName();
        String detail = FIELDS.contains(field) ? "Field '" + field + "' has the wrong form."
                : "The submit frame has a field of the wrong form.";
        JsonNode id = frame.path("correlationId");
        socket.send(answer(id.isString() ? id.asString() : null,
                this.intake.refuse(ProblemType.BAD_REQUEST, detail, null)));
    }

    private void run(ClientSocket socket, Submit submit) {
        try {
            SubmitOutcome outcome = this.intake.submit(socket.client(), new SubmitRequest(submit.correlationId(),
                    submit.jobType(), submit.payload(), submit.timeoutMillis(), submit.callback()));
            // False when the socket closed meanwhile: the client sends the submit again,
            // and the record answers it.
            socket.send(answer(submit.correlationId(), outcome));
        }
        catch (RuntimeException ex) {
            // The intake answers every failure itself; this is a bug here.
            logger.error("Socket submit on {} failed", socket.id(), ex);
            socket
                .send(answer(submit.correlationId(), this.intake.refuse(ProblemType.INTERNAL, Refusal.INTERNAL, null)));
        }
        finally {
            socket.submitAnswered();
            finished();
        }
    }

    private static ServerFrame answer(String correlationId, SubmitOutcome outcome) {
        return switch (outcome) {
            case SubmitOutcome.Accepted accepted -> new Accepted(correlationId,
                    accepted.published() ? Accepted.PUBLISHED : Accepted.REPEATED, accepted.view());
            case SubmitOutcome.Refused refused ->
                ErrorFrame.refusedSubmit(correlationId, refused.type(), refused.detail(), refused.retryAfterSeconds());
        };
    }

    private synchronized void started() {
        this.running++;
    }

    private synchronized void finished() {
        if (--this.running == 0) {
            notifyAll();
        }
    }

    /**
     * Waits until no submit is in flight on this node, at most {@code max}: for the
     * drain, after the intake closed (new submits are answered {@code unavailable} at
     * once), so that the answers go out before the sockets close.
     * @return whether none is left
     */
    synchronized boolean awaitIdle(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (long left = max.toNanos(); this.running > 0 && left > 0; left = deadline - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return this.running == 0;
    }

}

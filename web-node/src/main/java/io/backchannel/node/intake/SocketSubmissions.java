package io.backchannel.node.intake;

import java.time.Duration;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.SubmitRequest;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.node.limits.ClientRateLimiter;
import io.backchannel.node.tracing.RequestTrace;
import io.backchannel.node.web.Refusal;

import org.springframework.stereotype.Component;

/**
 * {@link SocketIntake}: the checks {@code POST /api/requests} makes around
 * {@link RequestIntake} (the rate limit, the exception handler's mapping of failures to
 * problems, the counters), made in line for a socket's submits.
 */
@Component
class SocketSubmissions implements SocketIntake {

    private static final String WHERE = "socket submit";

    private final RequestIntake intake;

    private final RateLimitCheck rateLimit;

    private final IntakeMeters meters;

    private final IntakeProperties properties;

    private final RequestTrace trace;

    SocketSubmissions(RequestIntake intake, ClientRateLimiter rateLimiter, IntakeMeters meters,
            IntakeProperties properties, RequestTrace trace) {
        this.trace = trace;
        this.intake = intake;
        this.rateLimit = new RateLimitCheck(rateLimiter);
        this.meters = meters;
        this.properties = properties;
    }

    /** In a trace of its own, as a {@code POST} is: no HTTP request starts one here. */
    @Override
    public SubmitOutcome submit(ClientId client, SubmitRequest request) {
        return this.trace.started("backchannel.socket.submit", () -> submitInTrace(client, request));
    }

    private SubmitOutcome submitInTrace(ClientId client, SubmitRequest request) {
        try (LogContext context = LogContext.of(client, loggable(request.correlationId()))) {
            try {
                this.rateLimit.check(client);
                SubmitOutcome.Accepted accepted = this.intake.submit(client, request, IntakeMeters.Via.SOCKET);
                if (!accepted.published()) {
                    this.meters.repeated(IntakeMeters.Via.SOCKET);
                }
                return accepted;
            }
            catch (RuntimeException ex) {
                Refusal refusal = Refusal.of(ex, WHERE);
                return refuse(refusal.type(), refusal.detail(), refusal.retryAfter());
            }
        }
    }

    @Override
    public SubmitOutcome.Refused refuse(ProblemType type, String detail, Duration retryAfter) {
        this.meters.rejected(type, IntakeMeters.Via.SOCKET);
        return new SubmitOutcome.Refused(type, detail,
                new Refusal(type, detail, retryAfter).retryAfterSeconds(this.properties));
    }

    /** The id for the logs, only when it is one: no client text goes into a log line. */
    private static CorrelationId loggable(String correlationId) {
        try {
            return CorrelationId.of(correlationId);
        }
        catch (InvalidIdException ex) {
            return null;
        }
    }

}

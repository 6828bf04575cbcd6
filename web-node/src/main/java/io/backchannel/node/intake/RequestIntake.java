package io.backchannel.node.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.http.SubmitRequest;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.id.JobType;
import io.backchannel.node.callback.CallbackTarget;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.limits.BrokerBackpressure;
import io.backchannel.node.record.AcceptOutcome;
import io.backchannel.node.record.RequestRecords;
import io.backchannel.node.record.StoredRecord;
import io.backchannel.node.web.ApiProblemException;
import org.slf4j.Logger;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Takes a request: validates it, writes its record if absent, and publishes its job.
 *
 * <p>
 * Guarantees: one record per (client, correlation id); a job is published until the
 * broker has confirmed it once, and never again after that, so a retry of an accepted
 * request starts no second job; a reuse of the id with another type or payload is
 * refused, and changes nothing. A client over its limit of unfinished requests (429), or
 * a request while the broker is behind (503), gets no record and no job; a retry of an
 * accepted request is answered from its record whatever the limits say.
 */
@Component
class RequestIntake {

    private static final Logger logger = LoggerFactory.getLogger(RequestIntake.class);

    private final RequestRecords records;

    private final JobPublisher publisher;

    private final IntakeGate gate;

    private final IntakeProperties properties;

    private final NodeIdentity node;

    private final Clock clock;

    private final IntakeMeters meters;

    private final BrokerBackpressure backpressure;

    private final JobTypeSettings timeouts;

    private final CallbackTarget callbacks;

    private final RetryTemplate markRetry = new RetryTemplate(RetryPolicy.builder()
        .includes(DataAccessException.class)
        .maxRetries(3)
        .delay(Duration.ofMillis(50))
        .multiplier(2)
        .build());

    RequestIntake(RequestRecords records, JobPublisher publisher, IntakeGate gate, IntakeProperties properties,
            JobTypeSettings timeouts, NodeIdentity node, Clock clock, IntakeMeters meters,
            BrokerBackpressure backpressure, CallbackTarget callbacks) {
        this.timeouts = timeouts;
        this.callbacks = callbacks;
        this.records = records;
        this.publisher = publisher;
        this.gate = gate;
        this.properties = properties;
        this.node = node;
        this.clock = clock;
        this.meters = meters;
        this.backpressure = backpressure;
    }

    /**
     * @param via the way the request came, for the counters
     * @throws ApiProblemException for a refused request (400, 409, 422, 429, 503)
     */
    SubmitOutcome.Accepted submit(ClientId client, SubmitRequest request, IntakeMeters.Via via) {
        if (!this.gate.isOpen()) {
            throw new ApiProblemException(ProblemType.UNAVAILABLE,
                    "This node is shutting down; send the same request again.");
        }
        CorrelationId id = valid(() -> CorrelationId.of(request.correlationId()));
        JobType type = valid(() -> JobType.of(request.type()));
        if (!this.properties.accepts(type)) {
            throw new ApiProblemException(ProblemType.UNKNOWN_TYPE, "No worker handles jobs of type '" + type + "'.");
        }
        JsonNode payload = payload(request.payload());
        Duration timeout = timeout(request.timeoutMillis(), type);
        String callbackUrl = this.callbacks.check(request.callback());
        // While the broker is behind, the accept step takes no new work (a limit of 0)
        // but still answers retries of published requests.
        String pressure = this.backpressure.refusal(type);
        int maxInFlight = (pressure != null) ? 0 : this.properties.maxInFlightPerClient();
        try (LogContext context = LogContext.of(client, id)) {
            long now = this.clock.millis();
            AcceptOutcome outcome = this.records.accept(client, id, type.value(), PayloadHash.of(payload),
                    this.node.id(), now, maxInFlight, now + timeout.toMillis(), callbackUrl);
            if (outcome.kind() == AcceptOutcome.Kind.CONFLICT) {
                throw new ApiProblemException(ProblemType.CONFLICT,
                        "This correlationId is already used by a request with another type or payload.");
            }
            if (outcome.kind() == AcceptOutcome.Kind.BUSY) {
                throw (pressure != null) ? new ApiProblemException(ProblemType.UNAVAILABLE, pressure)
                        : new ApiProblemException(ProblemType.RATE_LIMITED, "This client already has " + maxInFlight
                                + " unfinished requests; send this one again once some have finished.");
            }
            StoredRecord record = outcome.record();
            if (record.published()) {
                logger.debug("Repeated request answered from its record; no new job");
                return new SubmitOutcome.Accepted(record.view(), false);
            }
            // Created now, or created by an earlier attempt whose publish failed (that
            // one was answered 503): publish now.
            RequestView view = record.view();
            Instant deadline = (view.deadline() != null) ? view.deadline()
                    : Instant.ofEpochMilli(now + timeout.toMillis());
            // In the index before the job is out: whatever becomes of the job or of this
            // node, the request ends by its deadline.
            this.records.indexDeadline(client, id, deadline.toEpochMilli());
            try {
                this.publisher.publish(client, id, type, payload,
                        (view.createdAt() != null) ? view.createdAt() : Instant.ofEpochMilli(now), deadline);
            }
            catch (ApiProblemException ex) {
                this.records.release(client, id);
                throw ex;
            }
            markPublished(client, id);
            this.meters.accepted(type, via);
            logger.info("Accepted request of type {}{}", type,
                    (outcome.kind() == AcceptOutcome.Kind.EXISTS) ? " (published on a retry)" : "");
            return new SubmitOutcome.Accepted(view, true);
        }
    }

    /**
     * Notes the confirmed publish in the record, trying a few times: the job is queued
     * already, so a Redis hiccup here must not turn into an error for a request that will
     * run. If Redis stays away the answer is still 202; the record then says unpublished,
     * and a retry of the same id publishes the job a second time, which the worker's and
     * the web node's checks make harmless (the request still ends once).
     */
    private void markPublished(ClientId client, CorrelationId id) {
        try {
            this.markRetry.execute(() -> {
                this.records.markPublished(client, id);
                return null;
            });
        }
        catch (RetryException ex) {
            logger.warn("Job published, but the record could not note it ({}): a retry of this request will"
                    + " publish it again", String.valueOf(ex.getCause()));
        }
    }

    /**
     * The caller's own record, or null. An id of the wrong form is simply not found:
     * telling it apart from an unknown one would only help someone probing, and no real
     * client sends one.
     */
    StoredRecord record(ClientId client, String correlationId) {
        CorrelationId id = parse(correlationId);
        return (id != null) ? this.records.find(client, id) : null;
    }

    /** The id in a path, or null when it is not one (which is then simply not found). */
    private static @Nullable CorrelationId parse(String correlationId) {
        try {
            return CorrelationId.of(correlationId);
        }
        catch (InvalidIdException ex) {
            return null;
        }
    }

    private Duration timeout(@Nullable Long millis, JobType type) {
        if (millis == null) {
            return this.timeouts.timeout(type);
        }
        if (millis < 1 || millis > JobTypeSettings.MAX_TIMEOUT.toMillis()) {
            throw new ApiProblemException(ProblemType.BAD_REQUEST,
                    "Field 'timeoutMillis' must be between 1 and " + JobTypeSettings.MAX_TIMEOUT.toMillis() + ".");
        }
        return Duration.ofMillis(millis);
    }

    private static JsonNode payload(JsonNode given) {
        if (given == null || given.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!given.isObject()) {
            throw new ApiProblemException(ProblemType.BAD_REQUEST, "Field 'payload' must be a JSON object.");
        }
        return given;
    }

    private static <T> T valid(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        }
        catch (InvalidIdException ex) {
            // The typed ids' messages name the field and are written for clients.
            throw new ApiProblemException(ProblemType.BAD_REQUEST, ex.getMessage() + ".");
        }
    }

}

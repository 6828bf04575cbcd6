package io.backchannel.node.tracing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.backchannel.contracts.amqp.Headers;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A request's trace on its way through the hops that are not HTTP or Spring AMQP's own
 * (which Spring Boot's observations trace already): read from the current span, carried
 * as a W3C {@code traceparent} in the job's AMQP headers and in backplane messages, and
 * continued where it arrives. Without tracing (no tracer in the application, or
 * {@code management.tracing.enabled=false}) it reads nothing and continues nothing.
 */
@Component
public class RequestTrace {

    private final @Nullable Tracer tracer;

    private final @Nullable Propagator propagator;

    private final ObservationRegistry observations;

    RequestTrace(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
            ObjectProvider<ObservationRegistry> observations) {
        this.tracer = tracer.getIfAvailable();
        this.propagator = propagator.getIfAvailable();
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    /** The trace id of the current span (32 hex digits), or null outside any. */
    public @Nullable String traceId() {
        TraceContext context = current();
        return (context != null) ? context.traceId() : null;
    }

    /** The current span as a W3C {@code traceparent}, or null outside any. */
    public @Nullable String traceparent() {
        TraceContext context = current();
        if (context == null || this.propagator == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        this.propagator.inject(context, carrier, Map::put);
        return carrier.get(Headers.TRACEPARENT);
    }

    /**
     * Runs {@code work} in a span named {@code name} that continues the trace of
     * {@code traceparent}, so that its log lines carry the trace id; without one, runs it
     * as it is.
     */
    public void continued(String name, @Nullable String traceparent, Runnable work) {
        if (traceparent == null || this.observations.isNoop()) {
            work.run();
            return;
        }
        ReceiverContext<String> context = new ReceiverContext<>(
                (carrier, key) -> Headers.TRACEPARENT.equals(key) ? carrier : null);
        context.setCarrier(traceparent);
        Observation.createNotStarted(name, () -> context, this.observations).observe(work);
    }

    /** Runs {@code work} in a new span named {@code name}, a trace of its own. */
    public <T> T started(String name, Supplier<T> work) {
        if (this.observations.isNoop()) {
            return work.get();
        }
        return Observation.createNotStarted(name, this.observations).observe(work);
    }

    private @Nullable TraceContext current() {
        if (this.tracer == null) {
            return null;
        }
        Span span = this.tracer.currentSpan();
        return (span != null) ? span.context() : null;
    }

}

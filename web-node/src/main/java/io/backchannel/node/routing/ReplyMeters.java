package io.backchannel.node.routing;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.node.record.ApplyOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What the reply consumer counts: every update by what it did to its record
 * ({@code backchannel.replies{outcome}}: duplicates and stale drops included), and for
 * each request that became terminal, the time from its acceptance to that moment
 * ({@code backchannel.request.duration{type,status}}, whose count is also the finished
 * requests by type and outcome).
 */
@Component
class ReplyMeters {

    private final MeterRegistry meters;

    private final Map<ApplyOutcome.Kind, Counter> outcomes = new ConcurrentHashMap<>();

    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    ReplyMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void consumed(ApplyOutcome outcome, RequestStatus status, long nowMillis) {
        this.outcomes.computeIfAbsent(outcome.kind(), this::outcomeCounter).increment();
        // Only the update that made the record terminal: a redelivered terminal is a
        // duplicate, and must not count the request twice.
        if (outcome.kind() == ApplyOutcome.Kind.APPLIED && status.isTerminal() && outcome.type() != null
                && outcome.createdAt() > 0) {
            String key = outcome.type() + '|' + status;
            this.durations.computeIfAbsent(key, (k) -> durationTimer(outcome.type(), status))
                .record(Duration.ofMillis(Math.max(0, nowMillis - outcome.createdAt())));
        }
    }

    private Counter outcomeCounter(ApplyOutcome.Kind kind) {
        return Counter.builder("backchannel.replies")
            .description("Worker updates consumed, by what they did to their record")
            .tag("outcome", kind.name().toLowerCase(Locale.ROOT))
            .register(this.meters);
    }

    private Timer durationTimer(String type, RequestStatus status) {
        return Timer.builder("backchannel.request.duration")
            .description("From a request's acceptance to its terminal update, by job type and outcome")
            .tag("type", type)
            .tag("status", status.name().toLowerCase(Locale.ROOT))
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(this.meters);
    }

}

package io.backchannel.worker.consumer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.id.JobType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the worker counts, per job type: {@code backchannel.worker.jobs{type,outcome}} for
 * every delivery that ended here (succeeded, failed, or skipped because its request was
 * already terminal), {@code backchannel.worker.retries{type}} for every attempt after a
 * failed one, and {@code backchannel.worker.dead.lettered{type,reason}} for every job
 * rejected to the dead-letter queue, the reason being the error code the client saw, or
 * {@code unanswerable} for a job without a readable owner; and
 * {@code backchannel.worker.revived{type}} and {@code backchannel.worker.abandoned{type}}
 * for every job the broker dead-lettered at its delivery limit that this worker sent back
 * to its queue, or whose request it ended with {@code FAILED}.
 */
class JobMeters {

    private final MeterRegistry meters;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    JobMeters(MeterRegistry meters) {
        this.meters = meters;
    }

    void succeeded(JobType type) {
        job(type, "succeeded");
    }

    void failed(JobType type, String code) {
        job(type, "failed");
        deadLettered(type, code);
    }

    void skipped(JobType type) {
        job(type, "skipped");
    }

    /** A job whose request ended without it (cancelled, or past its deadline). */
    void stopped(JobType type) {
        job(type, "stopped");
    }

    void retried(JobType type) {
        counter("backchannel.worker.retries", "Attempts started after a failed one", type, null, null).increment();
    }

    void deadLettered(JobType type, String reason) {
        counter("backchannel.worker.dead.lettered", "Jobs rejected to the dead-letter queue", type, "reason", reason)
            .increment();
    }

    void revived(JobType type) {
        counter("backchannel.worker.revived", "Jobs dead-lettered at the delivery limit, sent back to their queue",
                type, null, null)
            .increment();
    }

    void abandoned(JobType type) {
        counter("backchannel.worker.abandoned", "Jobs dead-lettered at the delivery limit, answered FAILED", type, null,
                null)
            .increment();
    }

    private void job(JobType type, String outcome) {
        counter("backchannel.worker.jobs", "Job deliveries that ended in this worker", type, "outcome", outcome)
            .increment();
    }

    private Counter counter(String name, String description, JobType type, String tag, String value) {
        String key = name + '|' + type.value() + '|' + value;
        return this.counters.computeIfAbsent(key, (k) -> {
            Counter.Builder builder = Counter.builder(name).description(description).tag("type", type.value());
            return ((tag != null) ? builder.tag(tag, value) : builder).register(this.meters);
        });
    }

}

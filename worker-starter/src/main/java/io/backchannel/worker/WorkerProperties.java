package io.backchannel.worker;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import java.util.regex.Pattern;

import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.id.JobType;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of a worker, {@code backchannel.worker.*}; checked at start-up: a value out of
 * range stops the application with a message that names the property.
 *
 * @param workerId this worker's name in the updates it sends: 1 to 64 of letters, digits,
 * '.', '_' and '-'; default {@code worker-} and 8 random hex digits
 * @param concurrency consumers per job type, each running one job at a time; default 16
 * @param prefetch jobs a consumer may hold un-acked, the one it runs included; default 1
 * @param maxAttempts how often one delivery of a job is tried before it fails for good;
 * default 4
 * @param backoffInitial wait before the second attempt; default 200 ms
 * @param backoffMultiplier factor between one wait and the next; default 2.0
 * @param backoffMax longest wait between two attempts; default 5 s
 * @param confirmTimeout how long to wait for the broker to confirm one send of an update;
 * default 5 s
 * @param updateRetryFor how long an update the broker did not take (nacked, not confirmed
 * in time, its channel lost) is sent again, with backoff, while the worker holds its job,
 * before the job goes back to its queue; 0 gives it back at once; default 30 s
 * @param shutdownTimeout how long a stopping worker lets running jobs finish before it
 * returns them to the queue; default 30 s
 * @param revivals how often a job the broker dead-lettered at its delivery limit is sent
 * back to its queue before its request is answered {@code FAILED delivery_limit}; default
 * 1
 * @param startedUpdateDelay how long an attempt runs before its {@code RUNNING} "started"
 * update is sent; an attempt that ends or reports progress sooner sends none, and one
 * that fails sends it before its retry; 0 sends it at once; default 250 ms
 * @param publisherChannels how many channels of the worker's own publisher connection
 * updates are spread over; each carries many updates awaiting their confirm; default 2
 * @param types settings of single job types, by type name, each overriding
 * {@code concurrency} and {@code prefetch} for that type's queue: short jobs run cheaper
 * with a deeper prefetch, long ones are fairer with prefetch 1; none by default
 */
@ConfigurationProperties("backchannel.worker")
public record WorkerProperties(String workerId, @DefaultValue("16") int concurrency, @DefaultValue("1") int prefetch,
        @DefaultValue("4") int maxAttempts, @DefaultValue("200ms") Duration backoffInitial,
        @DefaultValue("2.0") double backoffMultiplier, @DefaultValue("5s") Duration backoffMax,
        @DefaultValue("5s") Duration confirmTimeout, @DefaultValue("30s") Duration updateRetryFor,
        @DefaultValue("30s") Duration shutdownTimeout, @DefaultValue("1") int revivals,
        @DefaultValue("250ms") Duration startedUpdateDelay, @DefaultValue("2") int publisherChannels,
        Map<String, JobTypeSettings> types) {

    private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public WorkerProperties {
        if (workerId == null || workerId.isBlank()) {
            workerId = "worker-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        }
        if (!WORKER_ID.matcher(workerId).matches()) {
            throw new IllegalArgumentException(
                    "backchannel.worker.worker-id must be 1 to 64 of letters, digits, '.', '_' and '-'");
        }
        within("concurrency", concurrency, 1, 100);
        within("prefetch", prefetch, 1, 1000);
        within("max-attempts", maxAttempts, 1, 100);
        within("revivals", revivals, 0, 10);
        within("publisher-channels", publisherChannels, 1, 64);
        if (!(backoffMultiplier >= 1.0 && backoffMultiplier <= 10.0)) {
            throw new IllegalArgumentException("backchannel.worker.backoff-multiplier must be 1.0 to 10.0");
        }
        within("backoff-initial", backoffInitial, Duration.ofMillis(1), Duration.ofMinutes(10));
        within("backoff-max", backoffMax, Duration.ofMillis(1), Duration.ofMinutes(10));
        within("confirm-timeout", confirmTimeout, Duration.ofMillis(1), Duration.ofMinutes(10));
        within("update-retry-for", updateRetryFor, Duration.ZERO, Duration.ofHours(1));
        within("shutdown-timeout", shutdownTimeout, Duration.ZERO, Duration.ofHours(1));
        within("started-update-delay", startedUpdateDelay, Duration.ZERO, Duration.ofMinutes(1));
        types = (types != null) ? Map.copyOf(types) : Map.of();
        types.forEach((type, settings) -> {
            String name = "types." + type;
            try {
                JobType.of(type);
            }
            catch (InvalidIdException ex) {
                // The setting, not the id check, is what the operator must fix: no cause.
                throw new IllegalArgumentException(
                        "backchannel.worker." + name + " must name a job type: " + ex.getMessage());
            }
            if (settings.concurrency() != null) {
                within(name + ".concurrency", settings.concurrency(), 1, 100);
            }
            if (settings.prefetch() != null) {
                within(name + ".prefetch", settings.prefetch(), 1, 1000);
            }
        });
    }

    /** The consumers of one job type's queue. */
    public int concurrencyOf(JobType type) {
        JobTypeSettings settings = this.types.get(type.value());
        return (settings != null && settings.concurrency() != null) ? settings.concurrency() : this.concurrency;
    }

    /** The jobs each consumer of one job type's queue may hold un-acked. */
    public int prefetchOf(JobType type) {
        JobTypeSettings settings = this.types.get(type.value());
        return (settings != null && settings.prefetch() != null) ? settings.prefetch() : this.prefetch;
    }

    /**
     * Settings of one job type, {@code backchannel.worker.types.{type}.*}; an unset one
     * takes the worker-wide value.
     *
     * @param concurrency consumers of the type's queue, 1 to 100
     * @param prefetch jobs each of them may hold un-acked, 1 to 1000
     */
    public record JobTypeSettings(Integer concurrency, Integer prefetch) {
    }

    private static void within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "backchannel.worker." + name + " must be " + min + " to " + max + ", not " + value);
        }
    }

    private static void within(String name, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                    "backchannel.worker." + name + " must be " + min + " to " + max + ", not " + value);
        }
    }

}

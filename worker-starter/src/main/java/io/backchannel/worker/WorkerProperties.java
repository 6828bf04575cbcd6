package io.backchannel.worker;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of a worker, {@code backchannel.worker.*}; checked at start-up.
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
 * @param confirmTimeout how long to wait for the broker to confirm an update before the
 * job goes back to the queue; default 5 s
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
 */
@Validated
@ConfigurationProperties("backchannel.worker")
public record WorkerProperties(@Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String workerId,
        @DefaultValue("16") @Min(1) @Max(100) int concurrency, @DefaultValue("1") @Min(1) @Max(1000) int prefetch,
        @DefaultValue("4") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("200ms") @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration backoffInitial,
        @DefaultValue("2.0") @DecimalMin("1.0") @DecimalMax("10.0") double backoffMultiplier,
        @DefaultValue("5s") @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration backoffMax,
        @DefaultValue("5s") @DurationMin(millis = 1) @DurationMax(minutes = 10) Duration confirmTimeout,
        @DefaultValue("30s") @DurationMin(millis = 0) @DurationMax(hours = 1) Duration shutdownTimeout,
        @DefaultValue("1") @Min(0) @Max(10) int revivals,
        @DefaultValue("250ms") @DurationMin(millis = 0) @DurationMax(minutes = 1) Duration startedUpdateDelay,
        @DefaultValue("2") @Min(1) @Max(64) int publisherChannels) {

    public WorkerProperties {
        if (workerId == null || workerId.isBlank()) {
            workerId = "worker-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        }
    }

}

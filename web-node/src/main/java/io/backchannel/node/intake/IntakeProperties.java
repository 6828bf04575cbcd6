package io.backchannel.node.intake;

import java.time.Duration;
import java.util.List;

import io.backchannel.contracts.id.JobType;
import io.backchannel.node.web.RetryAdvice;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP intake.
 *
 * @param jobTypes the job types this node accepts (anything else is 422) and declares a
 * queue for; no default: the application names its own (the {@code demo} profile names
 * the demo worker's echo, report, flaky and poison)
 * @param maxBodySize the largest request body under {@code /api}, with or without a
 * Content-Length (413 above it); default 64 KB
 * @param confirmTimeout how long a request waits for the broker to confirm its job before
 * it is answered 503; default 5 s
 * @param retryAfter the {@code Retry-After} of a 503 (broker or Redis away, node
 * draining, backlog) and of a 429 for too many unfinished requests, in whole seconds,
 * rounded up; default 2 s
 * @param maxInFlightPerClient the most unfinished requests (accepted, not yet SUCCEEDED
 * or FAILED) one client may have, across all nodes; a new one beyond it is answered 429.
 * Default 100
 * @param publisherChannels how many channels of the node's own publisher connection jobs
 * are spread over; each carries many publishes awaiting their confirm, and the broker
 * confirms them together. Default 2
 */
@ConfigurationProperties("backchannel.intake")
public record IntakeProperties(List<JobType> jobTypes, @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("5s") Duration confirmTimeout, @DefaultValue("2s") Duration retryAfter,
        @DefaultValue("100") int maxInFlightPerClient,
        @DefaultValue("2") int publisherChannels) implements RetryAdvice {

    public IntakeProperties {
        if (jobTypes == null || jobTypes.isEmpty()) {
            throw new IllegalArgumentException("backchannel.intake.job-types must name the job types this node accepts"
                    + " (the demo's: run with the profile demo, --spring.profiles.active=demo)");
        }
        if (maxBodySize.toBytes() < 1) {
            throw new IllegalArgumentException("backchannel.intake.max-body-size must be positive");
        }
        if (!confirmTimeout.isPositive() || !retryAfter.isPositive()) {
            throw new IllegalArgumentException("backchannel.intake.confirm-timeout and retry-after must be positive");
        }
        if (maxInFlightPerClient < 1) {
            throw new IllegalArgumentException("backchannel.intake.max-in-flight-per-client must be positive");
        }
        if (publisherChannels < 1) {
            throw new IllegalArgumentException("backchannel.intake.publisher-channels must be positive");
        }
        jobTypes = List.copyOf(jobTypes);
    }

    boolean accepts(JobType type) {
        return this.jobTypes.contains(type);
    }

}

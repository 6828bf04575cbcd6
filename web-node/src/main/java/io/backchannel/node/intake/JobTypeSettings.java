package io.backchannel.node.intake;

import java.time.Duration;
import java.util.Map;

import io.backchannel.contracts.id.JobType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of each job type, under {@code backchannel.jobs.<type>}.
 *
 * @param jobs by job type; a type not named here takes the defaults
 */
@ConfigurationProperties("backchannel")
public record JobTypeSettings(@Nullable Map<String, Settings> jobs) {

    /** The longest timeout a request may have, and a type's default may be. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    /** The timeout of a type that names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public JobTypeSettings {
        jobs = (jobs != null) ? Map.copyOf(jobs) : Map.of();
        jobs.forEach((type, settings) -> {
            Duration timeout = settings.timeout();
            if (timeout != null && (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0)) {
                throw new IllegalArgumentException(
                        "backchannel.jobs." + type + ".timeout must be between 1 ms and 24 h, not " + timeout);
            }
        });
    }

    /**
     * How long a request of {@code type} may take when it names no timeout of its own.
     */
    Duration timeout(JobType type) {
        Settings settings = this.jobs.get(type.value());
        return (settings != null && settings.timeout() != null) ? settings.timeout() : DEFAULT_TIMEOUT;
    }

    /**
     * One job type's settings.
     *
     * @param timeout how long its requests may take by default before they end
     * {@code FAILED} with {@code deadline_exceeded}; default 5 min
     */
    public record Settings(@Nullable Duration timeout) {
    }

}

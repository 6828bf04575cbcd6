package io.backchannel.node.web;

import java.time.Duration;

/**
 * How long a client should wait before it sends a refused request again: the
 * {@code Retry-After} of every 503 and 429. The feature that owns the setting provides it
 * (the intake, {@code backchannel.intake.retry-after}).
 */
public interface RetryAdvice {

    Duration retryAfter();

}

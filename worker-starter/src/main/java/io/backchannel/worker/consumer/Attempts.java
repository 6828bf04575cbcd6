package io.backchannel.worker.consumer;

import java.time.Duration;

import io.backchannel.worker.WorkerProperties;

/**
 * Attempt numbers and backoff. Pure arithmetic, so that it can be checked without a
 * broker.
 *
 * <p>
 * The number of an attempt orders a job's updates across retries and redeliveries (see
 * {@link io.backchannel.contracts.amqp.JobUpdate}): delivery {@code d} (0 for the first)
 * owns the numbers {@code d * maxAttempts + 1 .. (d + 1) * maxAttempts}, so every attempt
 * of a redelivery counts above every attempt of the delivery before it.
 *
 * @param maxAttempts attempts per delivery
 * @param backoffInitial wait after the first failed attempt
 * @param backoffMultiplier factor between one wait and the next
 * @param backoffMax longest wait
 */
record Attempts(int maxAttempts, Duration backoffInitial, double backoffMultiplier, Duration backoffMax) {

    static Attempts from(WorkerProperties properties) {
        return new Attempts(properties.maxAttempts(), properties.backoffInitial(), properties.backoffMultiplier(),
                properties.backoffMax());
    }

    /**
     * The attempt number of in-process attempt {@code n} (from 1) of a job handed out
     * {@code previousDeliveries} times before; saturates at {@code Integer.MAX_VALUE}.
     */
    int number(int previousDeliveries, int n) {
        long number = (long) previousDeliveries * this.maxAttempts + n;
        return (int) Math.min(number, Integer.MAX_VALUE);
    }

    /** Whether in-process attempt {@code n} is the last one allowed. */
    boolean isLast(int n) {
        return n >= this.maxAttempts;
    }

    /**
     * How long to wait after in-process attempt {@code n} failed:
     * {@code backoffInitial * backoffMultiplier^(n-1)}, at most {@code backoffMax}.
     */
    Duration backoffAfter(int n) {
        double millis = this.backoffInitial.toMillis() * Math.pow(this.backoffMultiplier, Math.max(0, n - 1));
        if (!(millis < this.backoffMax.toMillis())) {
            return this.backoffMax;
        }
        return Duration.ofMillis(Math.round(millis));
    }

    /** The stage of an attempt's first update, e.g. {@code retry 2 of 4}. */
    String startStage(int previousDeliveries, int n) {
        if (n > 1) {
            return "retry " + n + " of " + this.maxAttempts;
        }
        return (previousDeliveries == 0) ? "started" : "redelivered";
    }

}

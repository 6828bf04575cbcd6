package io.backchannel.worker.consumer;

import org.jspecify.annotations.Nullable;

/**
 * Whether a job's request has ended without it, so that the worker neither starts it, nor
 * tries it again, nor lets it run on past its next step.
 */
@FunctionalInterface
interface StopCheck {

    /** Never stops: for jobs whose end only their worker decides. */
    StopCheck NEVER = (delivery) -> null;

    /**
     * @return why the job should stop, for the log; null to go on
     */
    @Nullable String why(Delivery delivery);

}

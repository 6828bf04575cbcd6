package io.backchannel.worker.consumer;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The {@link StopCheck} of running workers: a job stops once its owner cancelled the
 * request, or once its deadline passed (the web nodes end the request then, whatever the
 * job does).
 */
class RequestEnds implements StopCheck {

    private final CancelNotices cancels;

    RequestEnds(CancelNotices cancels) {
        this.cancels = cancels;
    }

    @Override
    public @Nullable String why(Delivery delivery) {
        if (this.cancels.isCancelled(delivery.clientId(), delivery.correlationId())) {
            return "its request was cancelled";
        }
        Instant deadline = delivery.job().deadline();
        if (deadline != null && !Instant.now().isBefore(deadline)) {
            return "its deadline passed";
        }
        return null;
    }

}

package io.backchannel.worker.consumer;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.worker.jobs.JobHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;

/**
 * Consumes the queue of one job type. The container acks a job when this returns, rejects
 * it without requeue on an {@link AmqpRejectAndDontRequeueException} (so the queue
 * dead-letters it), and returns it to the queue on any other exception.
 */
class JobListener implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(JobListener.class);

    private final JobHandler handler;

    private final JobRunner runner;

    private final FinishedJobs finished;

    private final JobMeters meters;

    private final StopCheck stops;

    JobListener(JobHandler handler, JobRunner runner, FinishedJobs finished, JobMeters meters, StopCheck stops) {
        this.stops = stops;
        this.handler = handler;
        this.runner = runner;
        this.finished = finished;
        this.meters = meters;
    }

    @Override
    public void onMessage(Message message) {
        Delivery delivery;
        try {
            delivery = Delivery.read(message, this.handler.type());
        }
        catch (AmqpRejectAndDontRequeueException ex) {
            log.warn("Dead-lettering a job of type {} that cannot be answered (correlation id {}): {}",
                    this.handler.type(), message.getMessageProperties().getCorrelationId(), ex.getMessage());
            this.meters.deadLettered(this.handler.type(), "unanswerable");
            throw ex;
        }
        try (JobLogContext c = JobLogContext.of(delivery)) {
            // Only a job handed out before can belong to a request that already ended (a
            // worker died between its terminal update and its ack); a first delivery
            // costs
            // no Redis read.
            boolean seenBefore = delivery.previousDeliveries() > 0
                    || Boolean.TRUE.equals(message.getMessageProperties().getRedelivered());
            RequestStatus status = seenBefore
                    ? this.finished.terminalStatus(delivery.clientId(), delivery.correlationId()) : null;
            if (status != null) {
                log.info("Job skipped: its request already {}", status);
                this.meters.skipped(delivery.type());
                return;
            }
            String stop = this.stops.why(delivery);
            if (stop != null) {
                log.info("Job skipped: {}", stop);
                this.meters.skipped(delivery.type());
                return;
            }
            this.runner.run(delivery, this.handler);
        }
    }

}

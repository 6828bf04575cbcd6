package io.backchannel.worker.consumer;

import java.util.List;
import java.util.Map;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.JobErrorCode;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.worker.WorkerProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.annotation.RabbitListener;

/**
 * Takes care of the jobs the broker gave up on, so that their requests still end.
 *
 * <p>
 * A job queue dead-letters a job it has handed out {@link Topology#JOB_DELIVERY_LIMIT}
 * times: workers that died holding it, or channels closed under it while the broker shut
 * down (RabbitMQ 3.x counts those returns too). No worker sent its terminal update then,
 * and without this its request would stay open for ever. Every dead-lettered job is
 * copied to {@link Topology#ABANDONED_JOBS_QUEUE}, and for those the broker dead-lettered
 * (not the worker: {@code rejected} jobs were answered before, or cannot be answered at
 * all) whose request is still open, this consumer
 * <ul>
 * <li>sends the job back to its queue, up to {@code backchannel.worker.revivals} times: a
 * broker restart alone must not fail a job; the deliveries so far travel along
 * ({@link Headers#EARLIER_DELIVERIES}), so its attempts number above all earlier
 * ones;</li>
 * <li>then answers {@code FAILED delivery_limit}: a job that keeps coming back is likely
 * one that kills its workers. The update's attempt is the greatest there is, so it orders
 * after anything a worker still holding the job might send, and a request that reached
 * its end first keeps that end, since a web node never changes a terminal record.</li>
 * </ul>
 */
class AbandonedJobs {

    /** The attempt number of the update sent for an abandoned job. */
    static final int LAST_WORD = Integer.MAX_VALUE;

    private static final Logger log = LoggerFactory.getLogger(AbandonedJobs.class);

    private final FinishedJobs finished;

    private final UpdatePublisher publisher;

    private final JobMeters meters;

    private final String workerId;

    private final int revivals;

    AbandonedJobs(FinishedJobs finished, UpdatePublisher publisher, JobMeters meters, WorkerProperties properties) {
        this.finished = finished;
        this.publisher = publisher;
        this.meters = meters;
        this.workerId = properties.workerId();
        this.revivals = properties.revivals();
    }

    /**
     * Returns once the job sent back or the FAILED update is confirmed, or when nothing
     * is due; throws (and the dead letter goes back to this queue) when the broker did
     * not confirm.
     */
    @RabbitListener(id = "jobs.abandoned", containerFactory = ConsumerConfiguration.CONTAINER_FACTORY,
            queues = Topology.ABANDONED_JOBS_QUEUE, concurrency = "1")
    void onDeadLetter(Message message) {
        String reason = deathReason(message.getMessageProperties());
        if (Headers.DEATH_REASON_REJECTED.equals(reason)) {
            return;
        }
        Delivery delivery = readable(message);
        if (delivery == null) {
            return;
        }
        try (JobLogContext c = JobLogContext.of(delivery)) {
            RequestStatus status = this.finished.terminalStatus(delivery.clientId(), delivery.correlationId());
            if (status != null) {
                log.info("Dead-lettered job ({}) needs no answer: its request already {}", reason, status);
                return;
            }
            int revived = Delivery.count(message.getMessageProperties().getHeader(Headers.REVIVALS));
            if (revived < this.revivals) {
                sendBack(message, delivery, revived + 1);
                this.meters.revived(delivery.type());
                log.warn("Job dead-lettered by the broker ({}): sent back to its queue ({} of {})", reason, revived + 1,
                        this.revivals);
                return;
            }
            String text = "The job was handed to workers " + (revived + 1) * Topology.JOB_DELIVERY_LIMIT
                    + " times and none of them finished it; it is not tried again.";
            new RunningAttempt(delivery, LAST_WORD, this.workerId, this.publisher, StopCheck.NEVER)
                .failed(new JobError(JobErrorCode.DELIVERY_LIMIT, text));
            this.meters.abandoned(delivery.type());
            log.warn("Job abandoned by the broker ({}): answered FAILED {}", reason, JobErrorCode.DELIVERY_LIMIT);
        }
    }

    /**
     * Publishes the job again as the web node did, with the deliveries so far; the
     * broker's own headers about the dead letter stay behind.
     */
    private void sendBack(Message message, Delivery delivery, int revival) {
        MessageProperties dead = message.getMessageProperties();
        MessageProperties properties = new MessageProperties();
        properties.setContentType(dead.getContentType());
        properties.setContentEncoding(dead.getContentEncoding());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setCorrelationId(dead.getCorrelationId());
        for (String header : List.of(Headers.CLIENT_ID, Headers.ACCEPTED_BY, Headers.JOB_TYPE)) {
            if (dead.getHeader(header) != null) {
                properties.setHeader(header, dead.getHeader(header));
            }
        }
        // The queue hands a job out at most limit + 1 times before it dead-letters it.
        int earlier = Math.max(delivery.previousDeliveries() + 1,
                Delivery.count(dead.getHeader(Headers.EARLIER_DELIVERIES)) + Topology.JOB_DELIVERY_LIMIT + 1);
        properties.setHeader(Headers.EARLIER_DELIVERIES, earlier);
        properties.setHeader(Headers.REVIVALS, revival);
        this.publisher.sendConfirmed(Topology.JOBS_EXCHANGE, delivery.type().value(),
                new Message(message.getBody(), properties), "job " + delivery.correlationId() + " sent back");
    }

    /**
     * Why the job was dead-lettered: {@code x-first-death-reason}, else the reason of the
     * first {@code x-death} entry; null when the message says neither.
     */
    static @Nullable String deathReason(MessageProperties properties) {
        if (properties.getHeader(Headers.FIRST_DEATH_REASON) instanceof String reason) {
            return reason;
        }
        List<Map<String, ?>> deaths = properties.getXDeathHeader();
        if (deaths != null && !deaths.isEmpty() && deaths.getFirst().get("reason") != null) {
            return String.valueOf(deaths.getFirst().get("reason"));
        }
        return null;
    }

    /** The job, or null when no update could be addressed for it. */
    private static @Nullable Delivery readable(Message message) {
        try {
            JobMessage job = Json.mapper().readValue(message.getBody(), JobMessage.class);
            if (job == null) {
                throw new AmqpRejectAndDontRequeueException("the body is null");
            }
            return Delivery.read(message, JobType.of(job.type()));
        }
        catch (JacksonException | InvalidIdException | AmqpRejectAndDontRequeueException ex) {
            log.warn("Dead-lettered job (correlation id {}) cannot be answered: {}",
                    message.getMessageProperties().getCorrelationId(), ex.getMessage());
            return null;
        }
    }

}

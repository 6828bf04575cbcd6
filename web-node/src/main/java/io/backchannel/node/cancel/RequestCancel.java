package io.backchannel.node.cancel;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.ApplyOutcome;
import io.backchannel.node.record.RequestRecords;
import io.backchannel.node.record.StoredRecord;
import io.backchannel.node.routing.EndingUpdates;
import io.backchannel.node.routing.UpdateDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Cancels a request for its owner. The request ends {@code CANCELLED} at once, through
 * the same atomic step and the same routing as a worker's terminal update, so a cancel
 * racing the job's own end or its deadline leaves exactly one terminal either way. Then
 * the workers are told (a notice on {@code bc.cancels}, not awaited): a queued job is
 * skipped, a running one sees it in its context and may stop at its next step. A notice
 * that is lost costs only work: whatever the worker sends afterwards is stale.
 */
@Component
public class RequestCancel {

    private static final Logger logger = LoggerFactory.getLogger(RequestCancel.class);

    private static final byte[] NO_BODY = new byte[0];

    private final RequestRecords records;

    private final UpdateDelivery delivery;

    private final ConfirmingPublisher publisher;

    private final NodeIdentity node;

    private final Clock clock;

    private final Counter cancels;

    RequestCancel(RequestRecords records, UpdateDelivery delivery, ConfirmingPublisher brokerPublisher,
            NodeIdentity node, Clock clock, MeterRegistry meters) {
        this.records = records;
        this.delivery = delivery;
        this.publisher = brokerPublisher;
        this.node = node;
        this.clock = clock;
        this.cancels = Counter.builder("backchannel.requests.cancelled")
            .description("Requests their owner cancelled through this node")
            .register(meters);
    }

    /**
     * @return the outcome, or null when the client has no such request
     */
    public @Nullable CancelOutcome cancel(ClientId client, CorrelationId id) {
        StoredRecord record = this.records.find(client, id);
        if (record == null) {
            return null;
        }
        if (record.status().isTerminal()) {
            return new CancelOutcome(record.view(), false);
        }
        ApplyOutcome outcome = this.delivery.deliver(client, id,
                EndingUpdates.cancelled(this.node.id(), this.clock.instant()), record.view().acceptedBy());
        boolean cancelled = outcome.kind() == ApplyOutcome.Kind.APPLIED;
        if (cancelled) {
            this.cancels.increment();
            logger.info("Request cancelled by its owner");
            tellWorkers(client, id);
        }
        StoredRecord after = this.records.find(client, id);
        return (after != null) ? new CancelOutcome(after.view(), cancelled) : null;
    }

    private void tellWorkers(ClientId client, CorrelationId id) {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(1)
            .correlationId(id.value())
            .contentEncoding(StandardCharsets.UTF_8.name())
            .headers(Map.of(Headers.CLIENT_ID, client.value()))
            .build();
        // Unroutable when no worker runs: nobody to tell.
        this.publisher.publish(Topology.CANCELS_EXCHANGE, "", props, NO_BODY).exceptionally((ex) -> {
            logger.debug("Cancel notice for {} not delivered: {}", id, ex.getMessage());
            return null;
        });
    }

}

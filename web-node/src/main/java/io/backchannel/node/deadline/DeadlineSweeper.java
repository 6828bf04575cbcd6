package io.backchannel.node.deadline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.ApplyOutcome;
import io.backchannel.node.record.DeadlineProperties;
import io.backchannel.node.record.RequestRecords;
import io.backchannel.node.routing.EndingUpdates;
import io.backchannel.node.routing.UpdateDelivery;
import io.backchannel.node.schedule.FixedDelayTimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Ends the requests whose deadline has come. Every node sweeps; the index hands each due
 * request to one of them for a lease ({@link RequestRecords#claimDeadlines}), and the
 * record's atomic update lets only the first end take effect: a request ends once however
 * many nodes, workers and cancels race for it.
 *
 * <p>
 * A request is taken out of the index only after its end was routed, so a node that dies
 * in between leaves it to another, which finds it ended and routes the same event again
 * (sockets drop what they have seen).
 */
@Component
class DeadlineSweeper implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(DeadlineSweeper.class);

    private final RequestRecords records;

    private final UpdateDelivery delivery;

    private final DeadlineProperties properties;

    private final NodeId node;

    private final Clock clock;

    private final Counter expired;

    private final FixedDelayTimer timer;

    private volatile boolean storeDown;

    DeadlineSweeper(RequestRecords records, UpdateDelivery delivery, DeadlineProperties properties, NodeIdentity node,
            Clock clock, MeterRegistry meters) {
        this.records = records;
        this.delivery = delivery;
        this.properties = properties;
        this.node = node.id();
        this.clock = clock;
        this.timer = new FixedDelayTimer("deadline-sweeper", properties.sweepInterval(), this::sweep);
        this.expired = Counter.builder("backchannel.deadlines.expired")
            .description("Requests this node ended because their deadline passed")
            .register(meters);
    }

    /** One look: ends every request due now, a batch at a time. */
    void sweep() {
        try {
            List<String> due;
            do {
                due = this.records.claimDeadlines(this.clock.millis(), this.properties.batch(),
                        this.properties.lease().toMillis());
                List<String> done = new ArrayList<>(due.size());
                for (String member : due) {
                    end(member);
                    done.add(member);
                }
                this.records.forgetDeadlines(done);
            }
            while (due.size() == this.properties.batch() && this.timer.isRunning());
            if (this.storeDown) {
                this.storeDown = false;
                logger.info("Redis is back: ending requests at their deadline again");
            }
        }
        catch (DataAccessException ex) {
            // What was taken and not forgotten comes back due when its lease runs out.
            if (!this.storeDown) {
                this.storeDown = true;
                logger.warn("Redis unavailable: requests past their deadline end once it is back ({})",
                        ex.getMessage());
            }
        }
        catch (RuntimeException ex) {
            logger.error("Deadline sweep failed; trying again at the next one", ex);
        }
    }

    private void end(String member) {
        int bar = member.indexOf('|');
        ClientId client;
        CorrelationId id;
        try {
            client = ClientId.of(member.substring(0, Math.max(bar, 0)));
            id = CorrelationId.of(member.substring(bar + 1));
        }
        catch (InvalidIdException ex) {
            logger.warn("Dropping a malformed entry of the deadline index: {}", member);
            return;
        }
        MDC.put("correlationId", id.value());
        MDC.put("clientId", client.value());
        try {
            ApplyOutcome outcome = this.delivery.deliver(client, id,
                    EndingUpdates.deadlineExceeded(this.node, this.clock.instant()), null);
            if (outcome.kind() == ApplyOutcome.Kind.APPLIED) {
                this.expired.increment();
                logger.info("Request failed: deadline exceeded");
            }
        }
        finally {
            MDC.remove("correlationId");
            MDC.remove("clientId");
        }
    }

    @Override
    public void start() {
        this.timer.start();
    }

    @Override
    public void stop() {
        this.timer.stop(false);
    }

    @Override
    public boolean isRunning() {
        return this.timer.isRunning();
    }

}

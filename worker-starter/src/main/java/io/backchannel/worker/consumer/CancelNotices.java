package io.backchannel.worker.consumer;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.InvalidIdException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;

/**
 * The requests their owners cancelled lately, as the web nodes announce them on
 * {@code bc.cancels}. Each worker hears every notice on a queue of its own that lives as
 * long as its connection; a notice sent while a worker was away is missed, which costs
 * that worker only the work (what the job sends afterwards is stale).
 */
class CancelNotices {

    /** How long a notice is kept: longer than any job waits in its queue, in practice. */
    private static final long KEEP_MILLIS = 60 * 60 * 1000;

    private static final int PRUNE_ABOVE = 10_000;

    private final Map<Cancelled, Long> cancelled = new ConcurrentHashMap<>();

    private final Counter heard;

    CancelNotices(MeterRegistry meters) {
        this.heard = Counter.builder("backchannel.worker.cancel.notices")
            .description("Cancel notices this worker heard from the web nodes")
            .register(meters);
    }

    /**
     * This worker's queue of notices: named here, exclusive, gone with its connection.
     */
    static Queue queue() {
        Queue queue = new AnonymousQueue();
        // RabbitMQ before 3.12 refuses the locator on a classic queue.
        queue.setLeaderLocator(null);
        return queue;
    }

    static Binding binding(Queue queue) {
        return BindingBuilder.bind(queue).to(new FanoutExchange(Topology.CANCELS_EXCHANGE));
    }

    @RabbitListener(id = "cancel-notices", containerFactory = ConsumerConfiguration.CONTAINER_FACTORY,
            queues = "#{@cancelNoticesQueue.name}", concurrency = "1", ackMode = "NONE")
    void onNotice(Message message) {
        try {
            CorrelationId id = CorrelationId.of(message.getMessageProperties().getCorrelationId());
            ClientId client = ClientId
                .of(message.getMessageProperties().getHeader(Headers.CLIENT_ID) instanceof String s ? s : null);
            add(client, id, System.currentTimeMillis());
            this.heard.increment();
        }
        catch (InvalidIdException ex) {
            // Not from a web node; nothing to stop.
        }
    }

    void add(ClientId client, CorrelationId id, long nowMillis) {
        if (this.cancelled.size() > PRUNE_ABOVE) {
            prune(nowMillis);
        }
        this.cancelled.put(new Cancelled(client, id), nowMillis + KEEP_MILLIS);
    }

    boolean isCancelled(ClientId client, CorrelationId id) {
        return this.cancelled.containsKey(new Cancelled(client, id));
    }

    private void prune(long nowMillis) {
        for (Iterator<Long> expiries = this.cancelled.values().iterator(); expiries.hasNext();) {
            if (expiries.next() < nowMillis) {
                expiries.remove();
            }
        }
    }

    private record Cancelled(ClientId client, CorrelationId id) {
    }

}

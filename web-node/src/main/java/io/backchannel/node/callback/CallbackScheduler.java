package io.backchannel.node.callback;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.amqp.publish.PublishFailedException;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;

import org.springframework.stereotype.Component;

/**
 * Hands a callback delivery to the broker, confirmed: first when its request ends (by
 * whoever ends it), then once per failed call, to wait out its pause.
 */
@Component
public class CallbackScheduler {

    private static final byte[] NO_BODY = new byte[0];

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

    private final ConfirmingPublisher publisher;

    private final Clock clock;

    CallbackScheduler(ConfirmingPublisher brokerPublisher, Clock clock) {
        this.publisher = brokerPublisher;
        this.clock = clock;
    }

    /**
     * The first call of the callback of a request that ended with event {@code eventId}.
     * @throws CallbackNotScheduledException when the broker did not take it: the caller
     * must not consider the end handled (a reply stays un-acked and comes again)
     */
    public void first(ClientId client, CorrelationId id, String eventId, String url) {
        send(Topology.CALLBACKS_QUEUE, client, id, eventId, url, 1, this.clock.millis());
    }

    /** Call {@code attempt} of a delivery, after its pause. */
    void again(CallbackDelivery delivery, Duration pause) {
        send(Topology.callbackRetryQueue(pause.toMillis()), delivery.client(), delivery.id(), delivery.eventId(),
                delivery.url(), delivery.attempt() + 1, delivery.since());
    }

    /** A delivery given up, kept for operators. */
    void dead(CallbackDelivery delivery) {
        send(Topology.DEAD_CALLBACKS_QUEUE, delivery.client(), delivery.id(), delivery.eventId(), delivery.url(),
                delivery.attempt(), delivery.since());
    }

    private void send(String queue, ClientId client, CorrelationId id, String eventId, String url, int attempt,
            long since) {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
            .correlationId(id.value())
            .headers(Map.of(Headers.CLIENT_ID, client.value(), Headers.EVENT_ID, eventId, Headers.CALLBACK_ATTEMPT,
                    attempt, Headers.CALLBACK_SINCE, since, CallbackDelivery.URL_HEADER, url))
            .build();
        try {
            ConfirmingPublisher.await(this.publisher.publish("", queue, props, NO_BODY), CONFIRM_TIMEOUT);
        }
        catch (PublishFailedException ex) {
            throw new CallbackNotScheduledException(ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new CallbackNotScheduledException("interrupted", ex);
        }
    }

}

package io.backchannel.node.callback;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RecordField;
import io.backchannel.node.record.RequestRecords;
import io.backchannel.node.record.StoredRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Makes the calls of callbacks: POSTs the request's record as it stands, signed, to its
 * URL, and acks the delivery once the call is answered 2xx, or once its next call waits
 * in the broker, or once it is given up. A call that cannot be handed on stays un-acked
 * and is made again: a receiver may see a delivery more than once, with the same
 * {@code Backchannel-Delivery}, and dedupes on it.
 *
 * <p>
 * Redirects are not followed (a 3xx is a failed call), so a listed host cannot send a
 * node anywhere else.
 */
@Component
class CallbackSender {

    static final String DELIVERY_HEADER = "Backchannel-Delivery";

    private static final Logger logger = LoggerFactory.getLogger(CallbackSender.class);

    private final RequestRecords records;

    private final CallbackScheduler scheduler;

    private final CallbackProperties properties;

    private final Clock clock;

    private final HttpClient http;

    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    private final MeterRegistry meters;

    CallbackSender(RequestRecords records, CallbackScheduler scheduler, CallbackProperties properties, Clock clock,
            MeterRegistry meters) {
        this.records = records;
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(properties.connectTimeout())
            .build();
    }

    // The bound CallbackProperties bean (Boot names it "<prefix>-<class name>"). A node
    // that lists no hosts accepts no callbacks, so it has none to make.
    @RabbitListener(id = "callbacks", queues = Topology.CALLBACKS_QUEUE,
            concurrency = "#{@'backchannel.callbacks-io.backchannel.node.callback.CallbackProperties'.concurrency()}",
            autoStartup = "#{!@'backchannel.callbacks-io.backchannel.node.callback.CallbackProperties'.allowedHosts().isEmpty()}")
    void onDelivery(Message message) throws InterruptedException {
        CallbackDelivery delivery = CallbackDelivery.read(message.getMessageProperties());
        if (delivery == null) {
            logger.warn("Dropping a message on {} that is no callback delivery", Topology.CALLBACKS_QUEUE);
            count("unreadable");
            return;
        }
        MDC.put("correlationId", delivery.id().value());
        MDC.put("clientId", delivery.client().value());
        try {
            call(delivery);
        }
        finally {
            MDC.remove("correlationId");
            MDC.remove("clientId");
        }
    }

    private void call(CallbackDelivery delivery) throws InterruptedException {
        StoredRecord record = this.records.find(delivery.client(), delivery.id());
        if (record == null) {
            logger.info("Callback not made: the request's record has expired");
            count("expired");
            return;
        }
        if ("delivered".equals(record.fields().get(RecordField.CALLBACK_STATE))) {
            // A second delivery of an end already called back (a reply redelivered).
            count("repeated");
            return;
        }
        String failure = post(delivery, Json.mapper().writeValueAsBytes(record.view()));
        if (failure == null) {
            this.records.noteCallback(delivery.client(), delivery.id(), "delivered", delivery.attempt());
            logger.info("Callback delivered on call {}", delivery.attempt());
            count("delivered");
            return;
        }
        Duration pause = this.properties.pauseAfter(delivery.attempt());
        long triedFor = this.clock.millis() + pause.toMillis() - delivery.since();
        if (triedFor <= this.properties.retryFor().toMillis()) {
            this.scheduler.again(delivery, pause);
            this.records.noteCallback(delivery.client(), delivery.id(), "pending", delivery.attempt());
            logger.info("Callback call {} failed ({}); calling again in {} ms", delivery.attempt(), failure,
                    pause.toMillis());
            count("retried");
        }
        else {
            this.scheduler.dead(delivery);
            this.records.noteCallback(delivery.client(), delivery.id(), "failed", delivery.attempt());
            logger.warn("Callback given up after {} calls, the last {}", delivery.attempt(), failure);
            count("failed");
        }
    }

    /**
     * @return null when the call was answered 2xx, else what went wrong
     */
    private String post(CallbackDelivery delivery, byte[] body) throws InterruptedException {
        long now = this.clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
            .timeout(this.properties.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "Backchannel-Callback/1")
            .header(DELIVERY_HEADER, delivery.eventId())
            .header(CallbackSignature.HEADER, CallbackSignature.sign(this.properties.secret(), now, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
        try {
            int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return (status >= 200 && status < 300) ? null : "HTTP " + status;
        }
        catch (IOException ex) {
            return ex.getClass().getSimpleName();
        }
    }

    private void count(String outcome) {
        this.outcomes
            .computeIfAbsent(outcome,
                    (o) -> Counter.builder("backchannel.callbacks")
                        .description("Callback calls, by what became of them")
                        .tag("outcome", o.toLowerCase(Locale.ROOT))
                        .register(this.meters))
            .increment();
    }

}

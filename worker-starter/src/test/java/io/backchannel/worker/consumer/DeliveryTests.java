package io.backchannel.worker.consumer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.JobType;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeliveryTests {

    private static final JobType ECHO = JobType.of("echo");

    private static final String BODY = "{\"type\":\"echo\",\"payload\":{\"a\":1},\"acceptedAt\":\"2026-01-01T00:00:00Z\"}";

    private final String correlationId = UUID.randomUUID().toString();

    private final ClientId clientId = ClientId.random();

    @Test
    void read_takesIdsHeadersAndBody() {
        MessageProperties properties = properties();
        properties.setHeader(Headers.ACCEPTED_BY, "node-a");

        Delivery delivery = Delivery.read(message(BODY, properties), ECHO);

        assertThat(delivery.correlationId().value()).isEqualTo(this.correlationId);
        assertThat(delivery.clientId()).isEqualTo(this.clientId);
        assertThat(delivery.acceptedBy()).isEqualTo("node-a");
        assertThat(delivery.job().payload().get("a").intValue()).isEqualTo(1);
        assertThat(delivery.previousDeliveries()).isZero();
    }

    @Test
    void read_keepsAW3cTraceparent_andDropsAnythingElse() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        MessageProperties traced = properties();
        traced.setHeader(Headers.TRACEPARENT, traceparent);
        MessageProperties garbled = properties();
        garbled.setHeader(Headers.TRACEPARENT, "00-not-a-trace\r\nx-evil: 1");

        assertThat(Delivery.read(message(BODY, traced), ECHO).traceparent()).isEqualTo(traceparent);
        assertThat(Delivery.read(message(BODY, garbled), ECHO).traceparent()).isNull();
        assertThat(Delivery.read(message(BODY, properties()), ECHO).traceparent()).isNull();
    }

    @Test
    void read_withoutCorrelationId_isRejectedWithoutRequeue() {
        MessageProperties properties = properties();
        properties.setCorrelationId(null);

        assertThatExceptionOfType(AmqpRejectAndDontRequeueException.class)
            .isThrownBy(() -> Delivery.read(message(BODY, properties), ECHO));
    }

    @Test
    void read_withoutClientId_isRejectedWithoutRequeue() {
        MessageProperties properties = properties();
        properties.getHeaders().remove(Headers.CLIENT_ID);

        assertThatExceptionOfType(AmqpRejectAndDontRequeueException.class)
            .isThrownBy(() -> Delivery.read(message(BODY, properties), ECHO))
            .withMessageContaining("clientId");
    }

    @Test
    void read_withBodyThatIsNoJob_isRejectedWithoutRequeue() {
        assertThatExceptionOfType(AmqpRejectAndDontRequeueException.class)
            .isThrownBy(() -> Delivery.read(message("not json", properties()), ECHO));
        assertThatExceptionOfType(AmqpRejectAndDontRequeueException.class)
            .isThrownBy(() -> Delivery.read(message("[1,2]", properties()), ECHO));
    }

    @Test
    void read_withJobOfAnotherType_isRejectedWithoutRequeue() {
        assertThatExceptionOfType(AmqpRejectAndDontRequeueException.class)
            .isThrownBy(() -> Delivery.read(message(BODY, properties()), JobType.of("report")));
    }

    @Test
    void previousDeliveries_isTheGreaterOfDeliveryAndAcquiredCount() {
        MessageProperties properties = properties();
        properties.setHeader(Headers.DELIVERY_COUNT, 2L);
        assertThat(Delivery.previousDeliveries(properties)).isEqualTo(2);

        properties.setHeader(Headers.ACQUIRED_COUNT, 5);
        assertThat(Delivery.previousDeliveries(properties)).isEqualTo(5);
    }

    @Test
    void previousDeliveries_ofAJobSentBack_addTheDeliveriesBeforeIt() {
        MessageProperties properties = properties();
        properties.setHeader(Headers.EARLIER_DELIVERIES, 6);
        assertThat(Delivery.previousDeliveries(properties)).isEqualTo(6);

        properties.setHeader(Headers.DELIVERY_COUNT, 2L);
        assertThat(Delivery.previousDeliveries(properties)).isEqualTo(8);

        properties.setHeader(Headers.EARLIER_DELIVERIES, Long.MAX_VALUE);
        assertThat(Delivery.previousDeliveries(properties)).isEqualTo(Integer.MAX_VALUE);
    }

    private MessageProperties properties() {
        MessageProperties properties = new MessageProperties();
        properties.setCorrelationId(this.correlationId);
        properties.setHeader(Headers.CLIENT_ID, this.clientId.value());
        return properties;
    }

    private static Message message(String body, MessageProperties properties) {
        return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
    }

}

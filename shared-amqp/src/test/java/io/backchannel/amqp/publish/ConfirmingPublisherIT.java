package io.backchannel.amqp.publish;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.backchannel.testing.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The confirming publisher against a real broker: a confirm means the message is in its
 * queue; a return, a missing exchange and a closed publisher fail the caller; a lost
 * channel is replaced by the next publish.
 */
class ConfirmingPublisherIT {

    private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2)
        .contentType("application/json")
        .build();

    private final String queue = "bc.test.publisher." + UUID.randomUUID();

    private final String exchange = "bc.test.publisher.x." + UUID.randomUUID();

    private ConnectionFactory factory;

    private Connection admin;

    private Channel adminChannel;

    private ConfirmingPublisher publisher;

    @BeforeEach
    void setUp() throws Exception {
        this.factory = new ConnectionFactory();
        this.factory.setUri(TestServices.amqp());
        this.admin = this.factory.newConnection("publisher-it admin");
        this.adminChannel = this.admin.createChannel();
        this.adminChannel.exchangeDeclare(this.exchange, "direct", false, true, null);
        this.adminChannel.queueDeclare(this.queue, true, false, false, Map.of("x-queue-type", "quorum"));
        this.adminChannel.queueBind(this.queue, this.exchange, "to-queue");
        this.publisher = new ConfirmingPublisher(this.factory, "publisher-it", 2);
    }

    @AfterEach
    void tearDown() throws Exception {
        this.publisher.close();
        this.adminChannel.queueDelete(this.queue);
        this.adminChannel.exchangeDelete(this.exchange);
        this.admin.close();
    }

    @Test
    void aConfirmedMessageIsInItsQueue() throws Exception {
        ConfirmingPublisher.await(this.publisher.publish(this.exchange, "to-queue", PERSISTENT, body("one")),
                Duration.ofSeconds(5));

        GetResponse got = this.adminChannel.basicGet(this.queue, true);
        assertThat(got).isNotNull();
        assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
        assertThat(this.publisher.pending()).isZero();
    }

    @Test
    void everyOneOfManyConcurrentPublishesIsConfirmedAndQueued() throws Exception {
        int count = 2_000;
        List<CompletableFuture<Void>> confirms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<List<CompletableFuture<Void>>> perThread = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            List<CompletableFuture<Void>> mine = java.util.Collections.synchronizedList(new ArrayList<>());
            perThread.add(mine);
            int from = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = from; i < count; i += 8) {
                    mine.add(this.publisher.publish(this.exchange, "to-queue", PERSISTENT, body("m" + i)));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        perThread.forEach(confirms::addAll);
        CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new))
            .get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(confirms).hasSize(count).allMatch((c) -> c.isDone() && !c.isCompletedExceptionally());
        assertThat(this.adminChannel.messageCount(this.queue)).isEqualTo(count);
        assertThat(this.publisher.pending()).isZero();
    }

    @Test
    void anUnroutableMessageFailsItsCallerOnly() throws Exception {
        CompletableFuture<Void> lost = this.publisher.publish(this.exchange, "no-queue", PERSISTENT, body("lost"));
        CompletableFuture<Void> kept = this.publisher.publish(this.exchange, "to-queue", PERSISTENT, body("kept"));

        assertThatThrownBy(() -> ConfirmingPublisher.await(lost, Duration.ofSeconds(5)))
            .isInstanceOf(PublishFailedException.class)
            .hasMessageContaining("returned unroutable");
        ConfirmingPublisher.await(kept, Duration.ofSeconds(5));
        assertThat(this.adminChannel.messageCount(this.queue)).isEqualTo(1);
    }

    @Test
    void aChannelTheBrokerClosesFailsItsPublishAndIsReplaced() throws Exception {
        // A missing exchange is a channel error (404): the broker closes the channel.
        CompletableFuture<Void> failed = this.publisher.publish("bc.test.no-such-exchange." + UUID.randomUUID(), "x",
                PERSISTENT, body("nowhere"));
        assertThatThrownBy(() -> ConfirmingPublisher.await(failed, Duration.ofSeconds(5)))
            .isInstanceOf(PublishFailedException.class)
            .hasMessageContaining("channel closed");

        // Every lane comes back: publish more times than there are lanes.
        for (int i = 0; i < 4; i++) {
            ConfirmingPublisher.await(this.publisher.publish(this.exchange, "to-queue", PERSISTENT, body("again" + i)),
                    Duration.ofSeconds(5));
        }
        assertThat(this.adminChannel.messageCount(this.queue)).isEqualTo(4);
    }

    @Test
    void aClosedPublisherRefusesAtOnce() {
        this.publisher.close();

        CompletableFuture<Void> refused = this.publisher.publish(this.exchange, "to-queue", PERSISTENT, body("late"));
        assertThat(refused).isCompletedExceptionally();
        assertThat(this.publisher.blocked()).isFalse();
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}

package io.backchannel.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.worker.consumer.ConsumerConfiguration;
import io.backchannel.worker.jobs.FatalJobException;
import io.backchannel.worker.jobs.JobContext;
import io.backchannel.worker.jobs.JobHandler;
import io.backchannel.worker.jobs.Payloads;
import io.backchannel.testing.TestServices;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that has the starter and writes one {@link JobHandler} bean, and nothing
 * else, is a worker: it consumes its type's queue, which it declares, reports progress
 * and the result, fails a bad payload at once, and leaves Spring Boot's own listener
 * factory to the application.
 */
@SpringBootTest(classes = WorkerStarterIT.ShoutApp.class,
        properties = { "backchannel.worker.worker-id=starter-it", "backchannel.worker.concurrency=2",
                "backchannel.worker.started-update-delay=10s",
                "backchannel.worker.types." + WorkerStarterIT.HOLD + ".concurrency=1",
                "backchannel.worker.types." + WorkerStarterIT.HOLD + ".prefetch=3" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerStarterIT {

    private static final String TYPE = "starter-it-shout";

    /** A type whose jobs wait for {@link #RELEASE}, with settings of its own. */
    static final String HOLD = "starter-it-hold";

    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** A type whose jobs count their runs. */
    static final String COUNT = "starter-it-count";

    private static final AtomicInteger RUNS = new AtomicInteger();

    private static final AtomicInteger HELD = new AtomicInteger();

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Autowired
    private ApplicationContext context;

    @Autowired
    private ConnectionFactory connectionFactory;

    @Autowired
    private RabbitTemplate rabbit;

    @Autowired
    private RabbitAdmin admin;

    @Autowired
    private MeterRegistry meters;

    private final Map<String, List<JobUpdate>> updates = new ConcurrentHashMap<>();

    private DirectMessageListenerContainer observer;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    void observeReplies() {
        String replies = this.admin.declareQueue().getName();
        this.admin.declareBinding(new Binding(replies, Binding.DestinationType.QUEUE, Topology.REPLIES_EXCHANGE,
                Topology.REPLIES_ROUTING_KEY, null));
        this.observer = new DirectMessageListenerContainer(this.connectionFactory);
        this.observer.setQueueNames(replies);
        this.observer.setMessageListener((message) -> this.updates
            .computeIfAbsent(message.getMessageProperties().getCorrelationId(), (id) -> new CopyOnWriteArrayList<>())
            .add(Json.mapper().readValue(message.getBody(), JobUpdate.class)));
        this.observer.start();
    }

    @AfterAll
    void stop() {
        RELEASE.countDown();
        this.observer.stop();
        this.admin.deleteQueue(Topology.jobQueue(JobType.of(TYPE)));
        this.admin.deleteQueue(Topology.jobQueue(JobType.of(HOLD)));
        this.admin.deleteQueue(Topology.jobQueue(JobType.of(COUNT)));
    }

    @Test
    void handlerBean_consumesItsQueue_reportsProgressThenItsResult() {
        String id = publish("{\"text\":\"hello\"}");

        await().atMost(TIMEOUT).until(() -> terminal(id) != null);
        List<JobUpdate> received = this.updates.get(id);
        assertThat(received).extracting(JobUpdate::status)
            .containsExactly(RequestStatus.RUNNING, RequestStatus.SUCCEEDED);
        assertThat(received.get(0).progress()).isEqualTo(50);
        assertThat(received.get(0).stage()).isEqualTo("shouting");
        assertThat(terminal(id).result().get("text").asString()).isEqualTo("HELLO");
        assertThat(terminal(id).workerId()).isEqualTo("starter-it");
    }

    @Test
    void badPayload_failsAtOnce_withItsMessage() {
        String id = publish("{\"text\":42}");

        await().atMost(TIMEOUT).until(() -> terminal(id) != null);
        JobUpdate end = terminal(id);
        assertThat(end.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(end.attempt()).isEqualTo(1);
        assertThat(end.error().message()).contains("text");
    }

    @Test
    void typeSettings_giveItsQueueItsOwnConsumersAndPrefetch_otherTypesKeepTheWorkersOwn() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(publish(HOLD, "{}"));
        }

        // One consumer holding three: the one it runs and two more; worker-wide (two
        // consumers, prefetch 1) two would be held and three left ready.
        String queue = Topology.jobQueue(JobType.of(HOLD));
        await().atMost(TIMEOUT).until(() -> HELD.get() == 1 && this.admin.getQueueInfo(queue).getMessageCount() == 2);
        assertThat(this.admin.getQueueInfo(queue).getConsumerCount()).isEqualTo(1);
        assertThat(this.admin.getQueueInfo(Topology.jobQueue(JobType.of(TYPE))).getConsumerCount()).isEqualTo(2);

        RELEASE.countDown();
        await().atMost(TIMEOUT).until(() -> ids.stream().allMatch((id) -> terminal(id) != null));
        assertThat(ids).allSatisfy((id) -> assertThat(terminal(id).status()).isEqualTo(RequestStatus.SUCCEEDED));
        assertThat(HELD.get()).isEqualTo(5);
    }

    @Test
    void updateTheBrokerRefuses_isSentAgainWhileTheJobIsHeld_notRunAgain() {
        // A queue on the updates' route that takes nothing: while it is bound, the broker
        // nacks every update (the observer's queue still gets a copy of each send).
        Queue full = new Queue("starter-it-full-" + UUID.randomUUID(), false, true, true,
                Map.of("x-max-length", 0, "x-overflow", "reject-publish"));
        this.admin.declareQueue(full);
        this.admin.declareBinding(new Binding(full.getName(), Binding.DestinationType.QUEUE, Topology.REPLIES_EXCHANGE,
                Topology.REPLIES_ROUTING_KEY, null));
        String id = publish(COUNT, "{}");

        await().atMost(TIMEOUT).until(() -> this.updates.getOrDefault(id, List.of()).size() >= 3);
        this.admin.deleteQueue(full.getName());
        await().atMost(TIMEOUT).until(() -> succeeded(COUNT) == 1);

        // The job ran once; its one terminal update was sent until the broker took it.
        assertThat(RUNS.get()).isEqualTo(1);
        assertThat(this.updates.get(id)).allSatisfy((update) -> {
            assertThat(update.status()).isEqualTo(RequestStatus.SUCCEEDED);
            assertThat(update.attempt()).isEqualTo(1);
        });
        assertThat(this.admin.getQueueInfo(Topology.jobQueue(JobType.of(COUNT))).getMessageCount()).isZero();
    }

    @Test
    void applicationsOwnListenerFactory_isSpringBootsDefault_notTheWorkers() {
        assertThat(this.context.containsBean(ConsumerConfiguration.CONTAINER_FACTORY)).isTrue();
        assertThat(this.context.containsBean("rabbitListenerContainerFactory")).isTrue();
        assertThat(this.context.getBean("rabbitListenerContainerFactory"))
            .isNotSameAs(this.context.getBean(ConsumerConfiguration.CONTAINER_FACTORY));
    }

    private double succeeded(String type) {
        Counter counter = this.meters.find("backchannel.worker.jobs")
            .tag("type", type)
            .tag("outcome", "succeeded")
            .counter();
        return (counter != null) ? counter.count() : 0;
    }

    private JobUpdate terminal(String id) {
        return this.updates.getOrDefault(id, List.of())
            .stream()
            .filter((update) -> update.status().isTerminal())
            .findFirst()
            .orElse(null);
    }

    private String publish(String payloadJson) {
        return publish(TYPE, payloadJson);
    }

    private String publish(String type, String payloadJson) {
        String id = UUID.randomUUID().toString();
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setCorrelationId(id);
        properties.setHeader(Headers.CLIENT_ID, ClientId.random().value());
        properties.setHeader(Headers.ACCEPTED_BY, "node-it");
        properties.setHeader(Headers.JOB_TYPE, type);
        JobMessage body = new JobMessage(type, Json.mapper().readTree(payloadJson), Instant.now());
        this.rabbit.send(Topology.JOBS_EXCHANGE, type, new Message(Json.mapper().writeValueAsBytes(body), properties));
        return id;
    }

    /** The whole application: one handler bean. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ShoutApp {

        @Bean
        JobHandler shout() {
            return handler(TYPE, (context) -> {
                JsonNode text = Payloads.object(context.payload()).get("text");
                if (text == null || !text.isString()) {
                    throw FatalJobException.badPayload("text must be a string");
                }
                context.progress(50, "shouting");
                return JsonNodeFactory.instance.objectNode().put("text", text.asString().toUpperCase());
            });
        }

        @Bean
        JobHandler count() {
            return handler(COUNT, (context) -> {
                RUNS.incrementAndGet();
                return JsonNodeFactory.instance.objectNode();
            });
        }

        @Bean
        JobHandler hold() {
            return handler(HOLD, (context) -> {
                HELD.incrementAndGet();
                try {
                    RELEASE.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
                return JsonNodeFactory.instance.objectNode();
            });
        }

        private static JobHandler handler(String type, Function<JobContext, JsonNode> body) {
            return new JobHandler() {

                @Override
                public JobType type() {
                    return JobType.of(type);
                }

                @Override
                public JsonNode handle(JobContext context) {
                    return body.apply(context);
                }

            };
        }

    }

}

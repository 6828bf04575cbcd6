package io.backchannel.worker.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.Headers;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.RecordField;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.amqp.BrokerTopology;
import io.backchannel.testing.TestServices;
import com.rabbitmq.client.GetResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The worker against real Redis and RabbitMQ: jobs go in through {@code bc.jobs} as a web
 * node publishes them; updates and dead letters are watched through this test's own
 * exclusive queues, bound beside the shared ones (the shared queues are left to whoever
 * else consumes them).
 */
@SpringBootTest(classes = WorkerApplication.class,
        properties = { WorkerApplication.CONFIG_NAME, "backchannel.worker.worker-id=worker-it",
                "backchannel.worker.max-attempts=3", "backchannel.worker.backoff-initial=20ms",
                "backchannel.worker.backoff-max=100ms", "backchannel.worker.concurrency=2",
                "backchannel.worker.shutdown-timeout=5s",
                // Long enough that no job here outlives it, so each test knows its
                // updates;
                // JobRunnerTests covers the timer.
                "backchannel.worker.started-update-delay=10s" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** A type no worker handles, so that this test alone takes and returns its jobs. */
    private static final String ABANDON_TYPE = "abandon-probe";

    /** How long "nothing more happens" is watched for. */
    private static final Duration QUIET = Duration.ofMillis(700);

    private static final Comparator<JobUpdate> ORDER = Comparator.comparingInt(JobUpdate::attempt)
        .thenComparingInt(JobUpdate::seq);

    @Autowired
    private ConnectionFactory connectionFactory;

    @Autowired
    private RabbitTemplate rabbit;

    @Autowired
    private RabbitAdmin admin;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private MeterRegistry meters;

    private final Map<String, List<Received>> updates = new ConcurrentHashMap<>();

    private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();

    /**
     * Jobs of the probe queue seen sent back: the most revivals seen, by correlation id.
     */
    private final Map<String, Integer> revivalsSeen = new ConcurrentHashMap<>();

    /** The earlier deliveries on the first revived copy seen, by correlation id. */
    private final Map<String, Integer> earliestRevived = new ConcurrentHashMap<>();

    private final List<String> redisKeys = new CopyOnWriteArrayList<>();

    private DirectMessageListenerContainer observer;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    void observeRepliesAndDeadLetters() {
        this.admin.initialize();
        Queue probe = BrokerTopology.jobQueue(JobType.of(ABANDON_TYPE));
        this.admin.declareQueue(probe);
        this.admin.declareBinding(new Binding(probe.getName(), Binding.DestinationType.QUEUE, Topology.JOBS_EXCHANGE,
                ABANDON_TYPE, null));
        String replies = this.admin.declareQueue().getName();
        this.admin.declareBinding(new Binding(replies, Binding.DestinationType.QUEUE, Topology.REPLIES_EXCHANGE,
                Topology.REPLIES_ROUTING_KEY, null));
        String deadJobs = this.admin.declareQueue().getName();
        this.admin.declareBinding(new Binding(deadJobs, Binding.DestinationType.QUEUE, Topology.DEAD_LETTER_EXCHANGE,
                Topology.DEAD_JOBS_ROUTING_KEY, null));
        this.observer = new DirectMessageListenerContainer(this.connectionFactory);
        this.observer.setQueueNames(replies, deadJobs);
        this.observer.setMessageListener((message) -> {
            MessageProperties properties = message.getMessageProperties();
            if (deadJobs.equals(properties.getConsumerQueue())) {
                this.deadLettered.add(String.valueOf(properties.getCorrelationId()));
            }
            else {
                JobUpdate update = Json.mapper().readValue(message.getBody(), JobUpdate.class);
                this.updates.computeIfAbsent(properties.getCorrelationId(), (id) -> new CopyOnWriteArrayList<>())
                    .add(new Received(update, properties));
            }
        });
        this.observer.start();
    }

    @AfterAll
    void cleanUp() {
        this.observer.stop();
        this.admin.deleteQueue(Topology.jobQueue(JobType.of(ABANDON_TYPE)));
        this.redis.delete(this.redisKeys);
    }

    @Test
    void echo_succeedsAtOnce_withThePayloadAsResult_andTheJobsHeaders() {
        TestJob job = seed("echo", RequestStatus.QUEUED);
        String payload = "{\"text\":\"hello\",\"n\":[1,2,3]}";

        publish(job, "echo", payload);

        List<Received> received = awaitTerminal(job);
        // Over before the started update was due: the terminal update alone.
        assertThat(statuses(received)).containsExactly(RequestStatus.SUCCEEDED);
        JobUpdate done = received.get(0).update();
        assertThat(done.result()).isEqualTo(Json.mapper().readTree(payload));
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.seq()).isEqualTo(1);
        assertThat(done.workerId()).isEqualTo("worker-it");
        MessageProperties properties = received.get(0).properties();
        assertThat(properties.getCorrelationId()).isEqualTo(job.correlation().value());
        assertThat(properties.<String>getHeader(Headers.CLIENT_ID)).isEqualTo(job.client().value());
        assertThat(properties.<String>getHeader(Headers.ACCEPTED_BY)).isEqualTo("node-it");
        assertThat(properties.<String>getHeader(Headers.JOB_TYPE)).isEqualTo("echo");
        assertThat(properties.getContentType()).isEqualTo(MessageProperties.CONTENT_TYPE_JSON);
        assertThat(properties.getReceivedDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
    }

    @Test
    void report_sendsRisingProgressInOrder_thenExactlyOneSucceeded() {
        TestJob job = seed("report", RequestStatus.QUEUED);

        publish(job, "report", "{\"steps\":3,\"stepMillis\":20}");

        List<Received> received = awaitTerminal(job);
        List<JobUpdate> updates = updates(received);
        // The first step's progress came before the started update was due, and took its
        // place.
        assertThat(statuses(received)).containsExactly(RequestStatus.RUNNING, RequestStatus.RUNNING,
                RequestStatus.RUNNING, RequestStatus.SUCCEEDED);
        assertStrictlyOrdered(updates);
        assertThat(updates).extracting(JobUpdate::progress).containsExactly(33, 66, 100, 100);
        assertThat(updates).extracting(JobUpdate::stage)
            .containsExactly("step 1 of 3", "step 2 of 3", "step 3 of 3", "done");
        assertThat(updates.get(3).result().get("steps").intValue()).isEqualTo(3);
    }

    @Test
    void flaky_succeedsAfterRetries_withLaterAttemptsOrderedAfter() {
        TestJob job = seed("flaky", RequestStatus.QUEUED);

        publish(job, "flaky", "{\"failTimes\":2}");

        List<JobUpdate> updates = updates(awaitTerminal(job));
        assertStrictlyOrdered(updates);
        assertThat(updates).extracting(JobUpdate::attempt, JobUpdate::seq, JobUpdate::status, JobUpdate::stage)
            .containsExactly(tuple(1, 1, RequestStatus.RUNNING, "started"),
                    tuple(2, 1, RequestStatus.RUNNING, "retry 2 of 3"), tuple(3, 1, RequestStatus.SUCCEEDED, "done"));
        assertThat(updates.get(2).result().get("attempt").intValue()).isEqualTo(3);
    }

    @Test
    void poison_failsOnceWithRetriesExhausted_andIsDeadLettered() {
        TestJob job = seed("poison", RequestStatus.QUEUED);

        publish(job, "poison", "{}");

        List<JobUpdate> updates = updates(awaitTerminal(job));
        assertStrictlyOrdered(updates);
        assertThat(updates).extracting(JobUpdate::status)
            .containsExactly(RequestStatus.RUNNING, RequestStatus.RUNNING, RequestStatus.FAILED);
        JobUpdate failed = updates.get(2);
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.error().code()).isEqualTo(JobErrorCode.RETRIES_EXHAUSTED);
        assertThat(failed.error().message()).contains("3 attempts", "poison always fails");
        awaitDeadLettered(job);
    }

    @Test
    void badPayload_failsAtOnceWithBadPayload_withoutRetry() {
        TestJob job = seed("report", RequestStatus.QUEUED);

        publish(job, "report", "{\"steps\":\"many\"}");

        List<JobUpdate> updates = updates(awaitTerminal(job));
        assertThat(updates).extracting(JobUpdate::attempt, JobUpdate::seq, JobUpdate::status)
            .containsExactly(tuple(1, 1, RequestStatus.FAILED));
        assertThat(updates.get(0).error().code()).isEqualTo(JobErrorCode.BAD_PAYLOAD);
        assertThat(updates.get(0).error().message()).startsWith("steps must be a whole number from 1 to 1000");
        awaitDeadLettered(job);
    }

    @Test
    void redeliveredJobOfFinishedRequest_isSkipped_withoutAnyUpdate() {
        TestJob job = seed("echo", RequestStatus.SUCCEEDED);

        // Handed out once before: a worker died between its terminal update and its ack.
        MessageProperties properties = jobProperties(job, "echo");
        properties.setHeader(Headers.EARLIER_DELIVERIES, 1);
        this.rabbit.send(Topology.JOBS_EXCHANGE, "echo",
                new Message(
                        Json.mapper()
                            .writeValueAsBytes(new JobMessage("echo", Json.mapper().createObjectNode(), Instant.now())),
                        properties));

        await().during(QUIET.multipliedBy(2))
            .atMost(TIMEOUT)
            .until(() -> received(job).isEmpty() && !this.deadLettered.contains(job.correlation().value()));
    }

    @Test
    void jobPastItsDeadline_isNotStarted_andNotDeadLettered() {
        TestJob job = seed("echo", RequestStatus.QUEUED);
        double skipped = jobs("skipped");
        JobMessage body = new JobMessage("echo", Json.mapper().createObjectNode(), Instant.now().minusSeconds(2),
                Instant.now().minusSeconds(1));

        this.rabbit.send(Topology.JOBS_EXCHANGE, "echo",
                new Message(Json.mapper().writeValueAsBytes(body), jobProperties(job, "echo")));

        await().atMost(TIMEOUT).until(() -> jobs("skipped") > skipped);
        await().during(QUIET)
            .atMost(TIMEOUT)
            .until(() -> received(job).isEmpty() && !this.deadLettered.contains(job.correlation().value()));
    }

    @Test
    void jobOfACancelledRequest_isNotStarted() {
        TestJob job = seed("echo", RequestStatus.QUEUED);
        double skipped = jobs("skipped");

        announceCancel(job);
        publish(job, "echo", "{}");

        await().atMost(TIMEOUT).until(() -> jobs("skipped") > skipped);
        await().during(QUIET).atMost(TIMEOUT).until(() -> received(job).isEmpty());
    }

    @Test
    void runningJobOfACancelledRequest_stopsAtItsNextStep_withoutATerminalUpdate() {
        TestJob job = seed("report", RequestStatus.QUEUED);
        double stopped = jobs("stopped");
        publish(job, "report", "{\"steps\":100,\"stepMillis\":50}");
        await().atMost(TIMEOUT).until(() -> !received(job).isEmpty());

        announceCancel(job);

        await().atMost(TIMEOUT).until(() -> jobs("stopped") > stopped);
        await().during(QUIET).atMost(TIMEOUT).until(() -> terminalCount(job) == 0);
        assertThat(updates(received(job))).extracting(JobUpdate::progress).allMatch((p) -> p < 100);
    }

    @Test
    void jobWithoutClientHeader_getsNoUpdate_andIsDeadLettered() {
        CorrelationId correlation = CorrelationId.of(UUID.randomUUID().toString());
        MessageProperties properties = new MessageProperties();
        properties.setCorrelationId(correlation.value());
        JobMessage body = new JobMessage("echo", Json.mapper().createObjectNode(), Instant.now());

        this.rabbit.send(Topology.JOBS_EXCHANGE, "echo",
                new Message(Json.mapper().writeValueAsBytes(body), properties));

        await().atMost(TIMEOUT).until(() -> this.deadLettered.contains(correlation.value()));
        await().during(QUIET).atMost(TIMEOUT).until(() -> !this.updates.containsKey(correlation.value()));
    }

    @Test
    void jobWhoseBodyIsNoJob_getsNoUpdate_andIsDeadLettered() {
        TestJob job = seed("echo", RequestStatus.QUEUED);

        this.rabbit.send(Topology.JOBS_EXCHANGE, "echo",
                new Message("not a job".getBytes(StandardCharsets.UTF_8), jobProperties(job, "echo")));

        awaitDeadLettered(job);
        await().during(QUIET).atMost(TIMEOUT).until(() -> received(job).isEmpty());
    }

    @Test
    void jobTheBrokerGaveUpOn_isSentBackOnce_thenAnsweredFailedOnce_withTheLastWord() {
        TestJob job = seed(ABANDON_TYPE, RequestStatus.QUEUED);

        publish(job, ABANDON_TYPE, "{}");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            returnOnce();
            return terminalCount(job) >= 1;
        });

        assertThat(this.revivalsSeen.get(job.correlation().value())).as("revivals").isEqualTo(1);
        assertThat(this.earliestRevived.get(job.correlation().value())).as("earlier deliveries")
            .isGreaterThanOrEqualTo(Topology.JOB_DELIVERY_LIMIT + 1);
        List<JobUpdate> updates = updates(awaitTerminal(job));
        assertThat(updates).extracting(JobUpdate::attempt, JobUpdate::seq, JobUpdate::status, JobUpdate::workerId)
            .containsExactly(tuple(Integer.MAX_VALUE, 1, RequestStatus.FAILED, "worker-it"));
        assertThat(updates.getFirst().error().code()).isEqualTo(JobErrorCode.DELIVERY_LIMIT);
        assertThat(updates.getFirst().error().message()).contains(2 * Topology.JOB_DELIVERY_LIMIT + " times");
    }

    @Test
    void jobTheBrokerGaveUpOn_isRunAgain_withAttemptsAboveItsEarlierDeliveries() {
        TestJob job = seed("echo", RequestStatus.QUEUED);
        MessageProperties properties = jobProperties(job, "echo");
        properties.setHeader(Headers.REVIVALS, 1);
        properties.setHeader(Headers.EARLIER_DELIVERIES, Topology.JOB_DELIVERY_LIMIT + 1);
        JobMessage body = new JobMessage("echo", Json.mapper().createObjectNode(), Instant.now());

        this.rabbit.send(Topology.JOBS_EXCHANGE, "echo",
                new Message(Json.mapper().writeValueAsBytes(body), properties));

        // Attempts of delivery d are numbered d * max-attempts (3) + 1 and up.
        assertThat(updates(awaitTerminal(job))).extracting(JobUpdate::attempt, JobUpdate::status)
            .containsExactly(tuple(19, RequestStatus.SUCCEEDED));
    }

    @Test
    void jobTheBrokerGaveUpOn_afterItsRequestEnded_isNeitherSentBackNorAnswered() {
        TestJob finished = seed(ABANDON_TYPE, RequestStatus.SUCCEEDED);
        TestJob open = seed(ABANDON_TYPE, RequestStatus.QUEUED);

        publish(finished, ABANDON_TYPE, "{}");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> !returnOnce());
        publish(open, ABANDON_TYPE, "{}");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            returnOnce();
            return this.revivalsSeen.containsKey(open.correlation().value());
        });

        // One consumer takes abandoned jobs in order: once the second is back, the first
        // was weighed.
        assertThat(this.revivalsSeen).doesNotContainKey(finished.correlation().value());
        assertThat(received(finished)).isEmpty();
        this.admin.purgeQueue(Topology.jobQueue(JobType.of(ABANDON_TYPE)));
    }

    /** Waits for the terminal update, then makes sure no second one follows. */
    private List<Received> awaitTerminal(TestJob job) {
        await().atMost(TIMEOUT).until(() -> terminalCount(job) >= 1);
        await().during(QUIET).atMost(TIMEOUT).until(() -> terminalCount(job) == 1);
        return new ArrayList<>(received(job));
    }

    private void awaitDeadLettered(TestJob job) {
        await().atMost(TIMEOUT).until(() -> this.deadLettered.contains(job.correlation().value()));
    }

    private long terminalCount(TestJob job) {
        return received(job).stream().filter((r) -> r.update().status().isTerminal()).count();
    }

    private List<Received> received(TestJob job) {
        return this.updates.getOrDefault(job.correlation().value(), List.of());
    }

    private static List<JobUpdate> updates(List<Received> received) {
        return received.stream().map(Received::update).toList();
    }

    private static List<RequestStatus> statuses(List<Received> received) {
        return received.stream().map((r) -> r.update().status()).toList();
    }

    /**
     * In arrival order, every update is newer than the one before: (attempt, seq) grows.
     */
    private static void assertStrictlyOrdered(List<JobUpdate> updates) {
        for (int i = 1; i < updates.size(); i++) {
            assertThat(ORDER.compare(updates.get(i - 1), updates.get(i))).as("update %d after update %d", i, i - 1)
                .isNegative();
        }
    }

    /**
     * Plays a worker that dies holding a job of the probe queue: takes one and hands it
     * back; false when the queue is empty.
     */
    private boolean returnOnce() {
        Boolean returned = this.rabbit.execute((channel) -> {
            GetResponse response = channel.basicGet(Topology.jobQueue(JobType.of(ABANDON_TYPE)), false);
            if (response == null) {
                return false;
            }
            Map<String, Object> headers = response.getProps().getHeaders();
            if (headers != null && headers.get(Headers.REVIVALS) instanceof Number revivals) {
                String id = response.getProps().getCorrelationId();
                this.revivalsSeen.merge(id, revivals.intValue(), Math::max);
                this.earliestRevived.putIfAbsent(id, ((Number) headers.get(Headers.EARLIER_DELIVERIES)).intValue());
            }
            channel.basicReject(response.getEnvelope().getDeliveryTag(), true);
            return true;
        });
        return Boolean.TRUE.equals(returned);
    }

    /** Writes the request record as a web node does on intake. */
    private TestJob seed(String type, RequestStatus status) {
        TestJob job = new TestJob(ClientId.random(), CorrelationId.of(UUID.randomUUID().toString()));
        String key = RedisKeys.record(job.client(), job.correlation());
        String now = Long.toString(System.currentTimeMillis());
        this.redis.opsForHash()
            .putAll(key,
                    Map.of(RecordField.TYPE, type, RecordField.STATUS, status.name(), RecordField.SEQ, "0",
                            RecordField.ATTEMPT, "0", RecordField.STEP, "0", RecordField.ACCEPTED_BY, "node-it",
                            RecordField.PUBLISHED, "1", RecordField.CREATED_AT, now, RecordField.UPDATED_AT, now));
        this.redis.expire(key, Duration.ofHours(1));
        this.redisKeys.add(key);
        return job;
    }

    /** A web node's cancel notice, heard by the worker before this returns. */
    private void announceCancel(TestJob job) {
        double heard = this.meters.counter("backchannel.worker.cancel.notices").count();
        MessageProperties properties = new MessageProperties();
        properties.setCorrelationId(job.correlation().value());
        properties.setHeader(Headers.CLIENT_ID, job.client().value());
        this.rabbit.send(Topology.CANCELS_EXCHANGE, "", new Message(new byte[0], properties));
        await().atMost(TIMEOUT).until(() -> this.meters.counter("backchannel.worker.cancel.notices").count() > heard);
    }

    private double jobs(String outcome) {
        return this.meters.find("backchannel.worker.jobs")
            .tag("outcome", outcome)
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }

    private void publish(TestJob job, String type, String payloadJson) {
        JobMessage body = new JobMessage(type, Json.mapper().readTree(payloadJson), Instant.now());
        this.rabbit.send(Topology.JOBS_EXCHANGE, type,
                new Message(Json.mapper().writeValueAsBytes(body), jobProperties(job, type)));
    }

    private static MessageProperties jobProperties(TestJob job, String type) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setCorrelationId(job.correlation().value());
        properties.setHeader(Headers.CLIENT_ID, job.client().value());
        properties.setHeader(Headers.ACCEPTED_BY, "node-it");
        properties.setHeader(Headers.JOB_TYPE, type);
        return properties;
    }

    record TestJob(ClientId client, CorrelationId correlation) {
    }

    record Received(JobUpdate update, MessageProperties properties) {
    }

}

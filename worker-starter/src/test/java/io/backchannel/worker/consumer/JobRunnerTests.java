package io.backchannel.worker.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.rabbitmq.client.ConnectionFactory;
import io.backchannel.amqp.publish.ConfirmingPublisher;
import io.backchannel.contracts.JobErrorCode;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.JobMessage;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.worker.WorkerProperties;
import io.backchannel.worker.jobs.FatalJobException;
import io.backchannel.worker.jobs.JobContext;
import io.backchannel.worker.jobs.JobHandler;
import io.backchannel.worker.jobs.TransientJobException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * How the attempt loop classifies outcomes; the updates it would publish are kept in a
 * list instead of going to a broker.
 */
class JobRunnerTests {

    private static final JobType TYPE = JobType.of("test");

    private final RecordingPublisher publisher = new RecordingPublisher();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /**
     * Why the job's request ended without it, as the stop check says; null: it has not.
     */
    private volatile String stop;

    private final StopCheck stops = (delivery) -> this.stop;

    /**
     * Most tests: every attempt announced at once, as with a started-update-delay of 0.
     */
    private StartedUpdates started = new StartedUpdates(properties(Duration.ZERO));

    private JobRunner runner = runner(this.started);

    @AfterEach
    void stopTimer() {
        this.started.destroy();
    }

    @Test
    void success_sendsStartedThenSucceeded_inOneAttempt() {
        this.runner.run(delivery(0), handler((context) -> Json.mapper().createObjectNode().put("ok", true)));

        assertThat(this.publisher.updates).extracting(JobUpdate::attempt, JobUpdate::seq, JobUpdate::status)
            .containsExactly(tuple(1, 1, RequestStatus.RUNNING), tuple(1, 2, RequestStatus.SUCCEEDED));
        assertThat(this.publisher.updates.get(1).workerId()).isEqualTo("worker-t");
        assertThat(count("backchannel.worker.jobs", "outcome", "succeeded")).isEqualTo(1);
        assertThat(this.registry.find("backchannel.worker.retries").counter()).isNull();
    }

    @Test
    void fatal_sendsFailedWithItsCode_andRejectsWithoutRetry() {
        assertThatExceptionOfType(AmqpRejectAndDontRequeueException.class)
            .isThrownBy(() -> this.runner.run(delivery(0), handler((context) -> {
                throw FatalJobException.badPayload("steps must be...");
            })));

        assertThat(this.publisher.updates).extracting(JobUpdate::attempt, JobUpdate::status)
            .containsExactly(tuple(1, RequestStatus.RUNNING), tuple(1, RequestStatus.FAILED));
        assertThat(this.publisher.updates.get(1).error().code()).isEqualTo(JobErrorCode.BAD_PAYLOAD);
        assertThat(count("backchannel.worker.jobs", "outcome", "failed")).isEqualTo(1);
        assertThat(count("backchannel.worker.dead.lettered", "reason", JobErrorCode.BAD_PAYLOAD)).isEqualTo(1);
    }

    @Test
    void unexpectedException_countsAsTransient_andItsTextStaysOutOfTheError() {
        AtomicInteger calls = new AtomicInteger();

        assertThatExceptionOfType(AmqpRejectAndDontRequeueException.class)
            .isThrownBy(() -> this.runner.run(delivery(0), handler((context) -> {
                calls.incrementAndGet();
                throw new IllegalStateException("secret internals");
            })));

        assertThat(calls).hasValue(3);
        JobUpdate last = this.publisher.updates.getLast();
        assertThat(last.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(last.error().code()).isEqualTo(JobErrorCode.RETRIES_EXHAUSTED);
        assertThat(last.error().message()).isEqualTo("gave up after 3 attempts: unexpected error");
        assertThat(count("backchannel.worker.retries", "type", TYPE.value())).isEqualTo(2);
        assertThat(count("backchannel.worker.dead.lettered", "reason", JobErrorCode.RETRIES_EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void aStopAtTheNextStep_endsTheJobWithoutAnotherUpdate_andAcksIt() {
        List<Boolean> seen = new ArrayList<>();

        this.runner.run(delivery(0), handler((context) -> {
            context.progress(10, "step 1");
            seen.add(context.isCancelled());
            this.stop = "its request was cancelled";
            seen.add(context.isCancelled());
            context.progress(20, "step 2");
            throw new AssertionError("progress must stop the job");
        }));

        assertThat(seen).containsExactly(false, true);
        assertThat(this.publisher.updates).extracting(JobUpdate::status, JobUpdate::stage)
            .containsExactly(tuple(RequestStatus.RUNNING, "started"), tuple(RequestStatus.RUNNING, "step 1"));
        assertThat(count("backchannel.worker.jobs", "outcome", "stopped")).isEqualTo(1);
    }

    @Test
    void aStoppedRequest_isNotTriedAgain() {
        AtomicInteger calls = new AtomicInteger();

        this.runner.run(delivery(0), handler((context) -> {
            calls.incrementAndGet();
            this.stop = "its deadline passed";
            throw new TransientJobException("flaky");
        }));

        assertThat(calls).hasValue(1);
        assertThat(this.publisher.updates).extracting(JobUpdate::status).containsOnly(RequestStatus.RUNNING);
        assertThat(count("backchannel.worker.jobs", "outcome", "stopped")).isEqualTo(1);
        assertThat(this.registry.find("backchannel.worker.retries").counter()).isNull();
    }

    @Test
    void theContext_showsTheJobsDeadline() {
        Instant deadline = Instant.now().plusSeconds(30);
        Delivery delivery = new Delivery(ClientId.random(), CorrelationId.of(UUID.randomUUID().toString()), "node-t",
                TYPE, new JobMessage(TYPE.value(), Json.mapper().createObjectNode(), Instant.now(), deadline), 0, null);
        List<Instant> seen = new ArrayList<>();

        this.runner.run(delivery, handler((context) -> {
            seen.add(context.deadline());
            return Json.mapper().createObjectNode();
        }));

        assertThat(seen).containsExactly(deadline);
    }

    @Test
    void redelivery_numbersItsAttemptsAboveTheEarlierDelivery() {
        this.runner.run(delivery(2), handler((context) -> {
            if (context.attempt() == 7) {
                throw new TransientJobException("once");
            }
            return Json.mapper().createObjectNode();
        }));

        assertThat(this.publisher.updates).extracting(JobUpdate::attempt, JobUpdate::seq, JobUpdate::stage)
            .containsExactly(tuple(7, 1, "redelivered"), tuple(8, 1, "retry 2 of 3"), tuple(8, 2, "done"));
    }

    @Test
    void unconfirmedUpdate_leavesTheJobToBeRequeued_withoutRetryOrFailedUpdate() {
        this.publisher.refuseFrom = 2;

        assertThatExceptionOfType(UpdateNotConfirmedException.class)
            .isThrownBy(() -> this.runner.run(delivery(0), handler((context) -> {
                context.progress(50, "half");
                return Json.mapper().createObjectNode();
            })));

        assertThat(this.publisher.updates).extracting(JobUpdate::status).containsExactly(RequestStatus.RUNNING);
    }

    @Test
    void attemptEndingBeforeTheStartedDelay_sendsItsTerminalUpdateAlone() {
        heldFor(Duration.ofSeconds(30));

        this.runner.run(delivery(0), handler((context) -> Json.mapper().createObjectNode()));

        assertThat(this.publisher.updates).extracting(JobUpdate::attempt, JobUpdate::seq, JobUpdate::status)
            .containsExactly(tuple(1, 1, RequestStatus.SUCCEEDED));
        assertThat(this.started.pending()).isZero();
    }

    @Test
    void attemptOutlivingTheStartedDelay_isAnnounced_thenEnds() {
        heldFor(Duration.ofMillis(20));

        this.runner.run(delivery(0), handler((context) -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> !this.publisher.updates.isEmpty());
            return Json.mapper().createObjectNode();
        }));

        assertThat(this.publisher.updates).extracting(JobUpdate::seq, JobUpdate::status, JobUpdate::stage)
            .containsExactly(tuple(1, RequestStatus.RUNNING, "started"), tuple(2, RequestStatus.SUCCEEDED, "done"));
    }

    @Test
    void progressBeforeTheStartedDelay_takesThePlaceOfTheStartedUpdate() {
        heldFor(Duration.ofSeconds(30));

        this.runner.run(delivery(0), handler((context) -> {
            context.progress(50, "half");
            return Json.mapper().createObjectNode();
        }));

        assertThat(this.publisher.updates).extracting(JobUpdate::seq, JobUpdate::progress, JobUpdate::stage)
            .containsExactly(tuple(1, 50, "half"), tuple(2, 100, "done"));
        assertThat(this.started.pending()).isZero();
    }

    @Test
    void attemptFailingBeforeTheStartedDelay_isAnnouncedBeforeItsRetry() {
        heldFor(Duration.ofSeconds(30));
        AtomicInteger calls = new AtomicInteger();

        this.runner.run(delivery(0), handler((context) -> {
            if (calls.incrementAndGet() == 1) {
                throw new TransientJobException("once");
            }
            return Json.mapper().createObjectNode();
        }));

        assertThat(this.publisher.updates)
            .extracting(JobUpdate::attempt, JobUpdate::seq, JobUpdate::status, JobUpdate::stage)
            .containsExactly(tuple(1, 1, RequestStatus.RUNNING, "started"),
                    tuple(2, 1, RequestStatus.SUCCEEDED, "done"));
    }

    @Test
    void attemptCutShort_neverAnnouncesItselfLater() {
        heldFor(Duration.ofSeconds(30));

        try {
            assertThatExceptionOfType(JobRunner.JobInterruptedException.class)
                .isThrownBy(() -> this.runner.run(delivery(0), handler((context) -> {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("stopping");
                })));
        }
        finally {
            Thread.interrupted();
        }

        assertThat(this.publisher.updates).isEmpty();
        assertThat(this.started.pending()).isZero();
    }

    private void heldFor(Duration delay) {
        this.started.destroy();
        this.started = new StartedUpdates(properties(delay));
        this.runner = runner(this.started);
    }

    private JobRunner runner(StartedUpdates started) {
        return new JobRunner(properties(Duration.ZERO), this.publisher, new JobMeters(this.registry), started,
                this.stops);
    }

    private static WorkerProperties properties(Duration startedUpdateDelay) {
        return new WorkerProperties("worker-t", 1, 1, 3, Duration.ofMillis(1), 2.0, Duration.ofMillis(2),
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), 1, startedUpdateDelay, 1, Map.of());
    }

    private double count(String name, String tag, String value) {
        return this.registry.get(name).tag(tag, value).counter().count();
    }

    private static Delivery delivery(int previousDeliveries) {
        return new Delivery(ClientId.random(), CorrelationId.of(UUID.randomUUID().toString()), "node-t", TYPE,
                new JobMessage(TYPE.value(), Json.mapper().createObjectNode(), Instant.now()), previousDeliveries,
                null);
    }

    private static JobHandler handler(Function<JobContext, JsonNode> body) {
        return new JobHandler() {

            @Override
            public JobType type() {
                return TYPE;
            }

            @Override
            public JsonNode handle(JobContext context) {
                return body.apply(context);
            }

        };
    }

    /** Keeps updates instead of sending them; refuses from the n-th on when told to. */
    static final class RecordingPublisher extends UpdatePublisher {

        final List<JobUpdate> updates = new CopyOnWriteArrayList<>();

        int refuseFrom = Integer.MAX_VALUE;

        RecordingPublisher() {
            // A publisher that never connects: publish is overridden.
            super(new ConfirmingPublisher(new ConnectionFactory(), "recording", 1),
                    new WorkerProperties(null, 1, 1, 1, Duration.ofMillis(1), 1.0, Duration.ofMillis(1),
                            Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ZERO, 1,
                            Map.of()));
        }

        @Override
        void publish(Delivery delivery, JobUpdate update) {
            if (this.updates.size() + 1 >= this.refuseFrom) {
                throw new UpdateNotConfirmedException("refused");
            }
            this.updates.add(update);
        }

    }

}

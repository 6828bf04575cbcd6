package io.backchannel.node.session;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.http.SubmitRequest;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.Submit;
import io.backchannel.node.intake.SocketIntake;
import io.backchannel.node.intake.SubmitOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-socket bound on submits in flight and the drain's wait for them, with an intake
 * of the test's own that holds submits of the type {@code held} until released: which
 * submits are in flight is then certain, as it never is against a real broker.
 */
class SocketSubmitsTests {

    private final CountDownLatch release = new CountDownLatch(1);

    private final HeldIntake intake = new HeldIntake(this.release);

    private final SocketSubmits submits = new SocketSubmits(this.intake, properties(2));

    private final List<JsonNode> sent = new CopyOnWriteArrayList<>();

    private final ClientSocket socket = socket(this.sent);

    @AfterEach
    void releaseHeldSubmits() {
        this.release.countDown();
    }

    @Test
    void aSubmitOverTheSocketsBound_isRefusedAtOnce_withRateLimited_andTheSlotComesBackWithTheAnswer() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();
        this.submits.take(this.socket, new Submit(first, "held", null));
        this.submits.take(this.socket, new Submit(second, "held", null));

        this.submits.take(this.socket, new Submit(third, "echo", null));

        JsonNode refused = answer(third);
        assertThat(refused.get("type").asString()).isEqualTo("error");
        assertThat(refused.get("code").asString()).isEqualTo("rate_limited");
        assertThat(refused.get("status").asInt()).isEqualTo(429);
        assertThat(refused.get("retryAfter").asLong()).isEqualTo(1);
        assertThat(this.intake.refusals).containsExactly(ProblemType.RATE_LIMITED);
        assertThat(this.sent).hasSize(1);

        this.release.countDown();
        assertThat(answer(first).get("status").asInt()).isEqualTo(202);
        assertThat(answer(second).get("status").asInt()).isEqualTo(202);
        this.submits.take(this.socket, new Submit(third, "echo", null));
        await().until(
                () -> this.sent.stream().filter((f) -> third.equals(f.path("correlationId").asString())).count() == 2);
    }

    @Test
    void eachSocketHasItsOwnBound() {
        List<JsonNode> otherSent = new CopyOnWriteArrayList<>();
        ClientSocket other = socket(otherSent);
        this.submits.take(this.socket, new Submit(UUID.randomUUID().toString(), "held", null));
        this.submits.take(this.socket, new Submit(UUID.randomUUID().toString(), "held", null));
        String id = UUID.randomUUID().toString();

        this.submits.take(other, new Submit(id, "echo", null));

        await().until(() -> !otherSent.isEmpty());
        assertThat(otherSent.get(0).get("type").asString()).isEqualTo("accepted");
    }

    @Test
    void theDrain_waitsForTheSubmitsInFlight_atMostAsLongAsItIsTold() {
        assertThat(this.submits.awaitIdle(Duration.ZERO)).isTrue();
        this.submits.take(this.socket, new Submit(UUID.randomUUID().toString(), "held", null));

        assertThat(this.submits.awaitIdle(Duration.ofMillis(50))).isFalse();

        this.release.countDown();
        assertThat(this.submits.awaitIdle(Duration.ofSeconds(10))).isTrue();
        // Answered: queued for the socket's writer, ahead of the close the drain sends.
        await().until(() -> this.sent.size() == 1);
    }

    @Test
    void anIntakeThatThrows_isAnsweredInternal_andFreesTheSlot() {
        String id = UUID.randomUUID().toString();
        this.submits.take(this.socket, new Submit(id, "boom", null));

        JsonNode answer = answer(id);
        assertThat(answer.get("code").asString()).isEqualTo("internal");
        assertThat(answer.get("message").asString()).doesNotContain("boom");
        assertThat(this.submits.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }

    private JsonNode answer(String id) {
        await().until(() -> this.sent.stream().anyMatch((f) -> id.equals(f.path("correlationId").asString())));
        return this.sent.stream().filter((f) -> id.equals(f.path("correlationId").asString())).findFirst().get();
    }

    private static SessionProperties properties(int maxSubmitsInFlight) {
        return new Binder(new MapConfigurationPropertySource(
                Map.of("backchannel.ws.max-submits-in-flight", String.valueOf(maxSubmitsInFlight))))
            .bindOrCreate("backchannel.ws", Bindable.of(SessionProperties.class));
    }

    /** A welcomed socket whose frames land in {@code sent}. */
    private static ClientSocket socket(List<JsonNode> sent) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        WebSocketSession session = (WebSocketSession) Proxy.newProxyInstance(SocketSubmitsTests.class.getClassLoader(),
                new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "isOpen" -> true;
                    case "getAttributes" -> attributes;
                    case "sendMessage" -> {
                        sent.add(Json.mapper().readTree(((TextMessage) args[0]).getPayload()));
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        ClientSocket socket = new ClientSocket(id,
                new SocketOutbox(id, session, properties(1), new SimpleMeterRegistry().counter("too.slow")));
        socket.identify(ClientId.random());
        return socket;
    }

    /**
     * Accepts every submit, after {@code release} for the type {@code held}; throws for
     * the type {@code boom}.
     */
    private static final class HeldIntake implements SocketIntake {

        private final CountDownLatch release;

        final List<ProblemType> refusals = new CopyOnWriteArrayList<>();

        HeldIntake(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public SubmitOutcome submit(ClientId client, SubmitRequest request) {
            if ("boom".equals(request.type())) {
                throw new IllegalStateException("boom");
            }
            if ("held".equals(request.type())) {
                try {
                    this.release.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            Instant now = Instant.now();
            return new SubmitOutcome.Accepted(new RequestView(CorrelationId.of(request.correlationId()), request.type(),
                    RequestStatus.QUEUED, null, null, null, null, 0, "node", now, now), true);
        }

        @Override
        public SubmitOutcome.Refused refuse(ProblemType type, String detail, Duration retryAfter) {
            this.refusals.add(type);
            return new SubmitOutcome.Refused(type, detail, (retryAfter != null) ? retryAfter.toSeconds() : null);
        }

    }

}

package io.backchannel.node.waiting;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.RequestRecords;
import io.backchannel.node.record.StoredRecord;
import io.backchannel.node.web.ApiProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * HTTP calls held until their request moves ({@code Prefer: wait=N}), on no thread: each
 * is a {@link DeferredResult}, answered when this node hears of the move its call waits
 * for (the request's end, or any update past a seq), after N seconds, or when the node
 * shuts down, with the record as it then stands.
 *
 * <p>
 * The node hears of updates as it would for a socket of the owner: while a call waits,
 * the owner's presence names this node ({@code nodeId|wait}), so every update of the
 * owner is routed here, locally or over the backplane, and {@link #updated} sees it. The
 * record is read again once the call is registered, so a move applied in between is not
 * missed.
 */
@Component
public class Waiters {

    /**
     * How long the presence entry outlives a wait, so that an update applied at its last
     * moment is still routed here.
     */
    private static final long PRESENCE_MARGIN_MILLIS = 5_000;

    private final RequestRecords records;

    private final NodeId node;

    private final Clock clock;

    private final Map<RequestKey, Set<Waiter>> waiting = new ConcurrentHashMap<>();

    /** Answers read the record: never on the thread that routes updates. */
    private final ExecutorService answers = Executors
        .newThreadPerTaskExecutor(Thread.ofVirtual().name("wait-answer-", 0).factory());

    private final Map<Outcome, Counter> outcomes = new ConcurrentHashMap<>();

    private volatile boolean closed;

    Waiters(RequestRecords records, NodeIdentity node, Clock clock, MeterRegistry meters) {
        this.records = records;
        this.node = node.id();
        this.clock = clock;
        for (Outcome outcome : Outcome.values()) {
            this.outcomes.put(outcome,
                    Counter.builder("backchannel.waits")
                        .description("HTTP calls that waited for their request to move, by how the wait ended")
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(meters));
        }
    }

    /**
     * Holds the answer about a request until it moves as {@code until} says, or
     * {@code wait} passes.
     * @param answer builds the answer from the record as it then stands
     */
    public DeferredResult<ResponseEntity<RequestView>> await(ClientId client, CorrelationId id, WaitPreference wait,
            Until until, Answer answer) {
        DeferredResult<ResponseEntity<RequestView>> result = new DeferredResult<>(wait.seconds() * 1000L);
        Waiter waiter = new Waiter(client, id, until, answer, result);
        RequestKey key = new RequestKey(client, id);
        this.waiting.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(waiter);
        result.onCompletion(() -> forget(key, waiter));
        result.onTimeout(() -> answer(waiter, Outcome.TIMEOUT));
        if (this.closed) {
            answer(waiter, Outcome.SHUTDOWN);
            return result;
        }
        long now = this.clock.millis();
        this.records.announceWaiter(client, this.node, now + wait.seconds() * 1000L + PRESENCE_MARGIN_MILLIS, now);
        // Moved before the entry was in place: no update will come here for it.
        StoredRecord record = this.records.find(client, id);
        if (record == null || until.met(record.seq(), record.status())) {
            answer(waiter, record, Outcome.MOVED);
        }
        return result;
    }

    /** Hears an update routed to this node; answers the calls it was waited for by. */
    public void updated(ClientId client, UpdateFrame frame) {
        if (this.waiting.isEmpty() || frame.status() == null) {
            return;
        }
        Set<Waiter> waiters = this.waiting.get(new RequestKey(client, frame.correlationId()));
        if (waiters != null) {
            for (Waiter waiter : waiters) {
                if (waiter.until().met(frame.seq(), frame.status())) {
                    this.answers.execute(() -> answer(waiter, Outcome.MOVED));
                }
            }
        }
    }

    /** The node is shutting down: every call is answered at once with what it has. */
    public void answerAll() {
        this.closed = true;
        this.waiting.values().forEach((waiters) -> waiters.forEach((w) -> answer(w, Outcome.SHUTDOWN)));
    }

    /** Calls waiting now, on this node. */
    public int count() {
        return this.waiting.values().stream().mapToInt(Set::size).sum();
    }

    private void answer(Waiter waiter, Outcome outcome) {
        try {
            answer(waiter, this.records.find(waiter.client(), waiter.id()), outcome);
        }
        catch (RuntimeException ex) {
            // Redis away: the error handler answers 503, to be asked again.
            waiter.result().setErrorResult(ex);
        }
    }

    private void answer(Waiter waiter, @Nullable StoredRecord record, Outcome outcome) {
        if (record == null) {
            waiter.result()
                .setErrorResult(new ApiProblemException(ProblemType.NOT_FOUND,
                        "There is no request with this id for this client."));
            return;
        }
        if (waiter.result().setResult(waiter.answer().to(record))) {
            this.outcomes.get(outcome).increment();
        }
    }

    private void forget(RequestKey key, Waiter waiter) {
        this.waiting.computeIfPresent(key, (k, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    /** What a call waits for. */
    public sealed interface Until {

        boolean met(long seq, RequestStatus status);

        /** The request's end. */
        static Until end() {
            return new End();
        }

        /** Any update past {@code seq}; or its end, after which nothing moves. */
        static Until after(long seq) {
            return new After(seq);
        }

        record End() implements Until {

            @Override
            public boolean met(long seq, RequestStatus status) {
                return status.isTerminal();
            }

        }

        record After(long seq) implements Until {

            @Override
            public boolean met(long seq, RequestStatus status) {
                return seq > this.seq || status.isTerminal();
            }

        }

    }

    /** The answer to a call, from the record as it stands when the call is answered. */
    @FunctionalInterface
    public interface Answer {

        ResponseEntity<RequestView> to(StoredRecord record);

    }

    private enum Outcome {

        /** The request moved as the call waited for (or had already). */
        MOVED,
        /** The wait ran out first. */
        TIMEOUT,
        /** The node shut down first. */
        SHUTDOWN

    }

    private record RequestKey(ClientId client, CorrelationId id) {
    }

    private record Waiter(ClientId client, CorrelationId id, Until until, Answer answer,
            DeferredResult<ResponseEntity<RequestView>> result) {
    }

}

package io.backchannel.node.waiting;

import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.backchannel.contracts.http.ProblemType;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.id.NodeId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.record.RequestRecords;
import io.backchannel.node.record.StoredRecord;
import io.backchannel.node.web.ApiProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * HTTP calls held until their request ends ({@code Prefer: wait=N}), on no thread: each
 * is a {@link DeferredResult}, answered when this node is told of the request's end,
 * after N seconds, or when the node shuts down, with the record as it then stands.
 *
 * <p>
 * The node is told as it would be for a socket of the owner: while a call waits, the
 * owner's presence names this node ({@code nodeId|wait}), so every update of the owner is
 * routed here, locally or over the backplane, and {@link #ended} hears the terminal ones.
 * The record is read again once the call is registered, so an end applied in between is
 * not missed.
 */
@Component
public class Waiters {

    /**
     * How long the presence entry outlives a wait, so that an end applied at its last
     * moment is still routed here.
     */
    private static final long PRESENCE_MARGIN_MILLIS = 5_000;

    private static final String PREFERENCE_APPLIED = "Preference-Applied";

    private final RequestRecords records;

    private final NodeId node;

    private final Clock clock;

    private final Map<String, Set<Waiter>> waiting = new ConcurrentHashMap<>();

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
                        .description("HTTP calls that waited for their request's end, by how the wait ended")
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .register(meters));
        }
    }

    /**
     * Holds the answer about a request until it ends or {@code wait} passes.
     * @param pending the status of the answer when the request has not ended by then
     * @param location the answer's {@code Location}
     */
    public DeferredResult<ResponseEntity<RequestView>> await(ClientId client, CorrelationId id, WaitPreference wait,
            HttpStatus pending, URI location) {
        DeferredResult<ResponseEntity<RequestView>> result = new DeferredResult<>(wait.seconds() * 1000L);
        Waiter waiter = new Waiter(client, id, wait, pending, location, result);
        String key = RedisKeys.deadlineMember(client, id);
        this.waiting.computeIfAbsent(key, (k) -> ConcurrentHashMap.newKeySet()).add(waiter);
        result.onCompletion(() -> forget(key, waiter));
        result.onTimeout(() -> answer(waiter, Outcome.TIMEOUT));
        if (this.closed) {
            answer(waiter, Outcome.SHUTDOWN);
            return result;
        }
        long now = this.clock.millis();
        this.records.announceWaiter(client, this.node, now + wait.seconds() * 1000L + PRESENCE_MARGIN_MILLIS, now);
        // Ended before the entry was in place: no update will come here for it.
        answerIfEnded(waiter);
        return result;
    }

    /** Hears an update routed to this node; answers the calls waiting for its request. */
    public void ended(ClientId client, UpdateFrame frame) {
        if (frame.status() == null || !frame.status().isTerminal() || this.waiting.isEmpty()) {
            return;
        }
        Set<Waiter> waiters = this.waiting.get(RedisKeys.deadlineMember(client, frame.correlationId()));
        if (waiters != null) {
            for (Waiter waiter : waiters) {
                this.answers.execute(() -> answer(waiter, Outcome.ENDED));
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

    private void answerIfEnded(Waiter waiter) {
        StoredRecord record = this.records.find(waiter.client(), waiter.id());
        if (record == null || record.status().isTerminal()) {
            answer(waiter, record, Outcome.ENDED);
        }
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

    private void answer(Waiter waiter, StoredRecord record, Outcome outcome) {
        if (record == null) {
            waiter.result()
                .setErrorResult(new ApiProblemException(ProblemType.NOT_FOUND,
                        "There is no request with this id for this client."));
            return;
        }
        RequestView view = record.view();
        boolean ended = view.status().isTerminal();
        if (waiter.result()
            .setResult(ResponseEntity.status(ended ? HttpStatus.OK : waiter.pending())
                .location(waiter.location())
                .header(PREFERENCE_APPLIED, waiter.preference().applied())
                .body(view))) {
            this.outcomes.get(outcome).increment();
        }
    }

    private void forget(String key, Waiter waiter) {
        this.waiting.computeIfPresent(key, (k, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    private enum Outcome {

        /** The request ended while the call waited (or had ended already). */
        ENDED,
        /** The wait ran out first. */
        TIMEOUT,
        /** The node shut down first. */
        SHUTDOWN

    }

    private record Waiter(ClientId client, CorrelationId id, WaitPreference preference, HttpStatus pending,
            URI location, DeferredResult<ResponseEntity<RequestView>> result) {
    }

}

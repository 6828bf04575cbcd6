package io.backchannel.load.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;

/**
 * Counts, per correlation id, what the cluster promised and what it delivered: submitted,
 * accepted (202/200), refused, terminal updates received, and duplicate terminals (a
 * second terminal event, under another event id, for a request already terminal: what the
 * user would see twice). A terminal update may arrive before the 202 does; the request
 * completes when both are in. Thread-safe; one tally serves many clients.
 */
public final class Tally implements UpdateListener {

    private static final int SAMPLES = 20;

    private final Map<CorrelationId, Entry> entries = new ConcurrentHashMap<>();

    private final Consumer<Completion> onCompletion;

    private final LongAdder submitted = new LongAdder();

    private final LongAdder accepted = new LongAdder();

    private final LongAdder refused = new LongAdder();

    private final LongAdder completed = new LongAdder();

    private final LongAdder duplicates = new LongAdder();

    private final LongAdder copies = new LongAdder();

    private final LongAdder unknown = new LongAdder();

    private final LongAdder repeated = new LongAdder();

    private final Map<Via, LongAdder> updatesVia = new EnumMap<>(Via.class);

    private final Map<Via, LongAdder> terminalsVia = new EnumMap<>(Via.class);

    private final List<String> duplicateSamples = new ArrayList<>();

    private final Map<String, LongAdder> failedByCode = new ConcurrentHashMap<>();

    /**
     * @param onCompletion called once per request when it completes, on the completing
     * thread
     */
    public Tally(Consumer<Completion> onCompletion) {
        this.onCompletion = onCompletion;
        for (Via via : Via.values()) {
            this.updatesVia.put(via, new LongAdder());
            this.terminalsVia.put(via, new LongAdder());
        }
    }

    public Tally() {
        this((completion) -> {
        });
    }

    /**
     * Registers a request before it is sent.
     * @param intendedAt when it was due to be sent ({@link System#nanoTime})
     * @return completes with the request (or never, when it is lost or refused)
     */
    public CompletableFuture<Completion> submitted(CorrelationId id, long intendedAt) {
        Entry entry = new Entry(intendedAt);
        if (this.entries.putIfAbsent(id, entry) != null) {
            throw new IllegalArgumentException("correlation id used twice: " + id);
        }
        this.submitted.increment();
        return entry.done;
    }

    /**
     * The request was accepted (202 or 200); a request refused or given up earlier and
     * then sent again and accepted counts as accepted only. A second call changes
     * nothing.
     */
    public void accepted(CorrelationId id, long answeredAt) {
        Entry entry = this.entries.get(id);
        synchronized (entry) {
            if (entry.acceptedAt >= 0) {
                return;
            }
            if (entry.refused) {
                entry.refused = false;
                this.refused.decrement();
            }
            entry.acceptedAt = answeredAt;
            this.accepted.increment();
        }
        completeIfDone(id, entry);
    }

    /** Refused or given up: not accepted, so not owed a terminal update. */
    public void refused(CorrelationId id) {
        Entry entry = this.entries.get(id);
        synchronized (entry) {
            if (entry.acceptedAt < 0 && !entry.refused) {
                entry.refused = true;
                this.refused.increment();
            }
        }
    }

    @Override
    public void onUpdate(UpdateFrame update, long receivedAt) {
        Via via = (update.route() != null && update.route().via() != null) ? update.route().via() : Via.REPLAY;
        this.updatesVia.get(via).increment();
        if (update.status() == null || !update.status().isTerminal()) {
            return;
        }
        this.terminalsVia.get(via).increment();
        Entry entry = this.entries.get(update.correlationId());
        if (entry == null) {
            this.unknown.increment();
            return;
        }
        synchronized (entry) {
            if (entry.terminalEventId != null) {
                if (entry.terminalEventId.equals(update.eventId())) {
                    this.copies.increment();
                }
                else {
                    this.duplicates.increment();
                    sampleDuplicate(update);
                }
                return;
            }
            entry.terminalEventId = update.eventId();
            entry.terminalAt = receivedAt;
            entry.terminal = update;
        }
        if (update.status() == RequestStatus.FAILED) {
            String code = (update.error() != null && update.error().code() != null) ? update.error().code() : "none";
            this.failedByCode.computeIfAbsent(code, (c) -> new LongAdder()).increment();
        }
        completeIfDone(update.correlationId(), entry);
    }

    @Override
    public void onRepeated(UpdateFrame update) {
        this.repeated.increment();
    }

    /** Requests sent whose HTTP part has not ended yet (retries included). */
    public long sending() {
        return this.submitted.sum() - this.accepted.sum() - this.refused.sum();
    }

    /** Requests accepted whose terminal update has not come yet. */
    public long pending() {
        return this.accepted.sum() - this.completed.sum();
    }

    public long completed() {
        return this.completed.sum();
    }

    /**
     * Waits until every request sent is accepted or refused and every accepted one has
     * its terminal update, or {@code max} passed.
     * @return true when nothing is sending or pending
     */
    public boolean awaitSettled(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while ((sending() > 0 || pending() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return sending() == 0 && pending() == 0;
    }

    /**
     * The counts now. A request is lost when it was accepted longer than
     * {@code lostAfter} ago and has no terminal update.
     */
    public TallyCounts counts(Duration lostAfter) {
        long now = System.nanoTime();
        List<String> lostSamples = new ArrayList<>();
        long lost = 0;
        for (Map.Entry<CorrelationId, Entry> e : this.entries.entrySet()) {
            Entry entry = e.getValue();
            synchronized (entry) {
                if (entry.acceptedAt >= 0 && entry.terminalEventId == null
                        && now - entry.acceptedAt > lostAfter.toNanos()) {
                    lost++;
                    if (lostSamples.size() < SAMPLES) {
                        lostSamples.add(e.getKey().value());
                    }
                }
            }
        }
        List<String> duplicateSamples;
        synchronized (this.duplicateSamples) {
            duplicateSamples = List.copyOf(this.duplicateSamples);
        }
        return new TallyCounts(this.submitted.sum(), this.accepted.sum(), this.refused.sum(), sending(),
                this.completed.sum(), pending(), lost, this.duplicates.sum(), this.copies.sum(), this.unknown.sum(),
                this.repeated.sum(), sums(this.updatesVia), sums(this.terminalsVia), lostSamples, duplicateSamples,
                failedByCode());
    }

    private void completeIfDone(CorrelationId id, Entry entry) {
        Completion completion;
        synchronized (entry) {
            if (entry.acceptedAt < 0 || entry.terminalEventId == null || entry.done.isDone()) {
                return;
            }
            UpdateFrame terminal = entry.terminal;
            completion = new Completion(id, entry.intendedAt, entry.acceptedAt, entry.terminalAt, terminal.status(),
                    (terminal.route() != null) ? terminal.route().via() : null, entry.terminalEventId);
            entry.terminal = null;
            entry.done.complete(completion);
        }
        this.completed.increment();
        this.onCompletion.accept(completion);
    }

    private void sampleDuplicate(UpdateFrame update) {
        synchronized (this.duplicateSamples) {
            if (this.duplicateSamples.size() < SAMPLES) {
                this.duplicateSamples.add(update.correlationId() + " event " + update.eventId());
            }
        }
    }

    private Map<String, Long> failedByCode() {
        Map<String, Long> sums = new TreeMap<>();
        this.failedByCode.forEach((code, adder) -> sums.put(code, adder.sum()));
        return sums;
    }

    private static Map<String, Long> sums(Map<Via, LongAdder> counters) {
        Map<String, Long> sums = new LinkedHashMap<>();
        counters.forEach((via, adder) -> sums.put(via.wire(), adder.sum()));
        return sums;
    }

    private static final class Entry {

        final long intendedAt;

        final CompletableFuture<Completion> done = new CompletableFuture<>();

        long acceptedAt = -1;

        long terminalAt = -1;

        String terminalEventId;

        UpdateFrame terminal;

        boolean refused;

        Entry(long intendedAt) {
            this.intendedAt = intendedAt;
        }

    }

}

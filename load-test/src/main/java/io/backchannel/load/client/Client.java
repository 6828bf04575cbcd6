package io.backchannel.load.client;

import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import io.backchannel.contracts.id.CorrelationId;
import tools.jackson.databind.JsonNode;

/**
 * One synthetic user of a system under test, whatever its protocol: it sends requests and
 * receives their updates on its socket, and both ends go to a shared {@link Tally}. The
 * scenarios see only this; {@link LoadClient} speaks Backchannel's protocol,
 * {@code socketio.BaselineClient} the baseline's.
 */
public interface Client extends AutoCloseable {

    /**
     * Sends one new request (a fresh correlation id), retrying it as {@link Api} does,
     * and records it in the tally. Blocks until the request is accepted or given up.
     * @param target where each try goes
     * @param intendedAt when the request was due ({@link System#nanoTime}): latency
     * counts from here
     */
    Sent submit(Supplier<URI> target, String type, JsonNode payload, long intendedAt) throws InterruptedException;

    /** Reconnects of its socket so far. */
    int reconnects();

    @Override
    void close();

    /**
     * Registers a new request in {@code tally}, posts it, and records how the post ended.
     */
    static Sent track(Tally tally, long intendedAt, Post post) throws InterruptedException {
        CorrelationId id = newId();
        CompletableFuture<Completion> completion = tally.submitted(id, intendedAt);
        Submission submission = post.post(id);
        if (submission.accepted()) {
            tally.accepted(id, submission.answeredAt());
        }
        else {
            tally.refused(id);
        }
        return new Sent(submission, completion);
    }

    /**
     * A fresh random (version 4) UUID as a correlation id, from
     * {@link ThreadLocalRandom}: unique enough for a load test, and without the lock and
     * the system calls of {@link UUID#randomUUID}'s secure generator on every request.
     */
    static CorrelationId newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return CorrelationId.of(new UUID(high, low).toString());
    }

    /** The HTTP part of one request, with its retries. */
    @FunctionalInterface
    interface Post {

        Submission post(CorrelationId id) throws InterruptedException;

    }

    /**
     * A request as sent.
     *
     * @param submission how the HTTP part ended
     * @param completion completes when the terminal update is in as well; never when the
     * request was refused or is lost
     */
    record Sent(Submission submission, CompletableFuture<Completion> completion) {

    }

}

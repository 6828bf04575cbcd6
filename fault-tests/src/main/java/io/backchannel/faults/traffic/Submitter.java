package io.backchannel.faults.traffic;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.LoadClient;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.Submission;
import io.backchannel.load.client.Tally;
import tools.jackson.databind.JsonNode;

/**
 * Sends one request until it is accepted, and counts how that went. A request that meets
 * 503, 429, a gateway error or no answer is sent again with the same correlation id
 * ({@link Api} honours Retry-After); when {@link Api}'s tries are used up it is sent
 * again, still with the same id, until it is accepted or its submit deadline has passed:
 * the client never silently drops a request. Each try goes to a random target (a node or
 * the load balancer). Thread-safe.
 */
public final class Submitter {

    private static final int SAMPLES = 20;

    private final Api api;

    private final RetryPolicy retry;

    private final List<URI> targets;

    private final Tally tally;

    private final Duration deadline;

    private final LongAdder retried = new LongAdder();

    private final LongAdder attempts = new LongAdder();

    private final LongAdder abandoned = new LongAdder();

    private final LongAdder refused = new LongAdder();

    private final List<String> problems = new ArrayList<>();

    private final Map<CorrelationId, LoadClient> owners = new ConcurrentHashMap<>();

    /**
     * @param deadline how long after it was due a request is sent again before it is
     * abandoned
     */
    Submitter(Api api, RetryPolicy retry, List<URI> targets, Tally tally, Duration deadline) {
        this.api = api;
        this.retry = retry;
        this.targets = List.copyOf(targets);
        this.tally = tally;
        this.deadline = deadline;
    }

    /**
     * Sends a new request (a fresh correlation id) from {@code client}, recorded in the
     * tally as due at {@code due}.
     */
    void send(LoadClient client, String type, JsonNode payload, long due) throws InterruptedException {
        try {
            Submission submission = client.submit(this::target, type, payload, due).submission();
            this.owners.put(submission.id(), client);
            int tries = submission.attempts();
            boolean again = false;
            while (submission.outcome() == Submission.Outcome.GAVE_UP
                    && System.nanoTime() < due + this.deadline.toNanos()) {
                Thread.sleep(this.retry.backoff(this.retry.maxAttempts()));
                submission = this.api.submit(this::target, client.token(), submission.id(), type, payload);
                tries += submission.attempts();
                again = true;
            }
            if (again && submission.accepted()) {
                this.tally.accepted(submission.id(), submission.answeredAt());
            }
            count(submission, tries);
        }
        catch (RuntimeException ex) {
            this.refused.increment();
            problem("client error: " + ex);
        }
    }

    private void count(Submission submission, int tries) {
        this.attempts.add(tries);
        if (tries > 1) {
            this.retried.increment();
        }
        if (submission.outcome() == Submission.Outcome.GAVE_UP) {
            this.abandoned.increment();
            problem("abandoned after " + tries + " tries: " + submission.id() + " " + submission.detail());
        }
        else if (submission.outcome() == Submission.Outcome.REFUSED) {
            this.refused.increment();
            problem("refused: " + submission.id() + " " + submission.detail());
        }
    }

    private URI target() {
        return this.targets.get(ThreadLocalRandom.current().nextInt(this.targets.size()));
    }

    private void problem(String line) {
        synchronized (this.problems) {
            if (this.problems.size() < SAMPLES) {
                this.problems.add(line);
            }
        }
    }

    /**
     * Requests that needed more than one try (503, 429, a gateway error or no answer).
     */
    public long retried() {
        return this.retried.sum();
    }

    /** Tries of all requests. */
    public long attempts() {
        return this.attempts.sum();
    }

    /** Requests never accepted within their submit deadline. */
    public long abandoned() {
        return this.abandoned.sum();
    }

    /**
     * Requests answered with something a retry cannot change (a 4xx other than 429, a
     * 500), or that failed in the client.
     */
    public long refused() {
        return this.refused.sum();
    }

    /** Up to 20 abandoned or refused requests, with the last answer. */
    public List<String> problems() {
        synchronized (this.problems) {
            return List.copyOf(this.problems);
        }
    }

    /** The client that sent a request, or null. */
    public LoadClient owner(CorrelationId id) {
        return this.owners.get(id);
    }

}

package io.backchannel.load.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.http.SubmitRequest;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;
import io.backchannel.load.client.Submission.Outcome;
import io.backchannel.load.rawhttp.HttpAnswer;
import io.backchannel.load.rawhttp.RawHttp;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP half of protocol v1 as a well-behaved client uses it: a call that meets 503,
 * 429, a gateway error (502, 504) or a network error is sent again unchanged (the same
 * correlation id, so a retry never starts a second job), honouring Retry-After, as
 * {@link RetryPolicy} says. Calls block: run them on virtual threads.
 * <p>
 * The calls go over {@link RawHttp}, a lean keep-alive client for plain {@code http}, so
 * that the load driver spends little CPU per request; the JDK's client remains for the
 * odd call off the hot path ({@link #http()}).
 */
public final class Api implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final String JSON = "Content-Type: application/json\r\n";

    private static final byte[] NO_BODY = new byte[0];

    private final RawHttp raw;

    private final RetryPolicy retry;

    private final Map<String, LongAdder> retried = new ConcurrentHashMap<>();

    private HttpClient jdk;

    public Api(RawHttp raw, RetryPolicy retry) {
        this.raw = raw;
        this.retry = retry;
    }

    /** A client with one selector thread for its connections. */
    public static Api create(RetryPolicy retry) {
        return new Api(RawHttp.create(), retry);
    }

    /**
     * Answers that were retried so far, by reason: the status (429, 502, 503, 504) or
     * "network".
     */
    public Map<String, Long> retried() {
        Map<String, Long> copy = new TreeMap<>();
        this.retried.forEach((reason, n) -> copy.put(reason, n.sum()));
        return copy;
    }

    /** Counts a retry made outside this class (a request sent again over a socket). */
    public void retried(String reason) {
        this.retried.computeIfAbsent(reason, (r) -> new LongAdder()).increment();
    }

    /** The lean client, whose selector threads read the clients' sockets too. */
    public RawHttp raw() {
        return this.raw;
    }

    /**
     * The JDK's HTTP/1.1 client (made on first use; its callbacks run on virtual
     * threads), for calls off the hot path.
     */
    public synchronized HttpClient http() {
        if (this.jdk == null) {
            this.jdk = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        }
        return this.jdk;
    }

    /** {@code POST /api/sessions}: a new identity. */
    public SessionGrant session(URI node) throws InterruptedException {
        Answer answer = call(() -> post(node, "/api/sessions", null, NO_BODY));
        if (answer.status() != 201) {
            throw new IllegalStateException("POST " + node + "/api/sessions: " + answer.detail());
        }
        return Json.mapper().readValue(answer.http().body(), SessionGrant.class);
    }

    /**
     * {@code POST /api/requests} of protocol v1, each try to {@code target.get()} (so a
     * retry may go to another node).
     */
    public Submission submit(Supplier<URI> target, String token, CorrelationId id, String type, JsonNode payload)
            throws InterruptedException {
        return submit(target, token, id, new SubmitRequest(id.value(), type, payload));
    }

    /**
     * {@code POST /api/requests} with {@code body} as JSON, with the bearer {@code token}
     * when it is not null, retried as the other calls are; 200 or 202 accepts it.
     */
    public Submission submit(Supplier<URI> target, String token, CorrelationId id, Object body)
            throws InterruptedException {
        byte[] json = Json.mapper().writeValueAsBytes(body);
        Answer answer = call(() -> post(target.get(), "/api/requests", token, json));
        Outcome outcome = switch (answer.status()) {
            case 200, 202 -> Outcome.ACCEPTED;
            default -> answer.retryable() ? Outcome.GAVE_UP : Outcome.REFUSED;
        };
        return new Submission(id, outcome, answer.status(), answer.attempts(), answer.at(),
                (outcome == Outcome.ACCEPTED) ? null : answer.detail());
    }

    /** Closes the connections and stops their threads. */
    @Override
    public void close() throws InterruptedException {
        this.raw.close();
        synchronized (this) {
            if (this.jdk != null) {
                this.jdk.close();
            }
        }
    }

    /**
     * A POST with {@code json} (none when empty) and the bearer {@code token} if not
     * null.
     */
    private HttpAnswer post(URI base, String path, String token, byte[] json) throws IOException, InterruptedException {
        String headers = (json.length == 0) ? "" : JSON;
        if (token != null) {
            headers += "Authorization: Bearer " + token + "\r\n";
        }
        return this.raw.send(base, "POST", path, headers, json, REQUEST_TIMEOUT);
    }

    private Answer call(Call call) throws InterruptedException {
        for (int attempt = 0;; attempt++) {
            Answer answer;
            try {
                answer = new Answer(call.call(), null, attempt + 1, System.nanoTime());
            }
            catch (IOException ex) {
                answer = new Answer(null, ex.getClass().getSimpleName() + ": " + ex.getMessage(), attempt + 1,
                        System.nanoTime());
            }
            if (!answer.retryable() || attempt + 1 >= this.retry.maxAttempts()) {
                return answer;
            }
            this.retried
                .computeIfAbsent((answer.status() == 0) ? "network" : Integer.toString(answer.status()),
                        (reason) -> new LongAdder())
                .increment();
            String retryAfter = (answer.http() != null) ? answer.http().retryAfter() : null;
            Thread.sleep(this.retry.delay(attempt, retryAfter, Instant.now()));
        }
    }

    private static String abbreviate(String body) {
        return (body.length() <= 200) ? body : body.substring(0, 200) + "...";
    }

    @FunctionalInterface
    private interface Call {

        HttpAnswer call() throws IOException, InterruptedException;

    }

    /**
     * One try's outcome: an answer, or the network error that stood in for one.
     */
    private record Answer(HttpAnswer http, String failure, int attempts, long at) {

        int status() {
            return (this.http != null) ? this.http.status() : 0;
        }

        boolean retryable() {
            int status = status();
            return status == 0 || status == 503 || status == 429 || status == 502 || status == 504;
        }

        String detail() {
            return (this.http != null) ? "HTTP " + this.http.status() + " " + abbreviate(this.http.bodyText())
                    : this.failure;
        }

    }

}

package io.backchannel.load.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import tools.jackson.databind.JsonNode;

/**
 * The HTTP half of protocol v1 as a well-behaved client uses it: a call that meets 503,
 * 429, a gateway error (502, 504) or a network error is sent again unchanged (the same
 * correlation id, so a retry never starts a second job), honouring Retry-After, as
 * {@link RetryPolicy} says. Calls block: run them on virtual threads.
 */
public final class Api {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;

    private final RetryPolicy retry;

    private final Map<String, LongAdder> retried = new ConcurrentHashMap<>();

    public Api(HttpClient http, RetryPolicy retry) {
        this.http = http;
        this.retry = retry;
    }

    /** An HTTP/1.1 client whose callbacks run on virtual threads. */
    public static Api create(RetryPolicy retry) {
        return new Api(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build(), retry);
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

    /** The underlying client, for WebSockets. */
    public HttpClient http() {
        return this.http;
    }

    /** {@code POST /api/sessions}: a new identity. */
    public SessionGrant session(URI node) throws InterruptedException {
        Answer answer = call(() -> HttpRequest.newBuilder(node.resolve("/api/sessions"))
            .timeout(REQUEST_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
        if (answer.status() != 201) {
            throw new IllegalStateException("POST " + node + "/api/sessions: " + answer.detail());
        }
        return Json.mapper().readValue(answer.body(), SessionGrant.class);
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
        String json = Json.mapper().writeValueAsString(body);
        Answer answer = call(() -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(target.get().resolve("/api/requests"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return request.build();
        });
        Outcome outcome = switch (answer.status()) {
            case 200, 202 -> Outcome.ACCEPTED;
            default -> answer.retryable() ? Outcome.GAVE_UP : Outcome.REFUSED;
        };
        return new Submission(id, outcome, answer.status(), answer.attempts(), answer.at(),
                (outcome == Outcome.ACCEPTED) ? null : answer.detail());
    }

    private Answer call(Supplier<HttpRequest> request) throws InterruptedException {
        for (int attempt = 0;; attempt++) {
            Answer answer;
            String retryAfter = null;
            try {
                HttpResponse<String> response = this.http.send(request.get(), HttpResponse.BodyHandlers.ofString());
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
                answer = new Answer(response.statusCode(), response.body(), attempt + 1, System.nanoTime(),
                        "HTTP " + response.statusCode() + " " + abbreviate(response.body()));
            }
            catch (IOException ex) {
                answer = new Answer(0, null, attempt + 1, System.nanoTime(),
                        ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
            if (!answer.retryable() || attempt + 1 >= this.retry.maxAttempts()) {
                return answer;
            }
            this.retried
                .computeIfAbsent((answer.status() == 0) ? "network" : Integer.toString(answer.status()),
                        (reason) -> new LongAdder())
                .increment();
            Thread.sleep(this.retry.delay(attempt, retryAfter, Instant.now()));
        }
    }

    private static String abbreviate(String body) {
        return (body == null || body.length() <= 200) ? body : body.substring(0, 200) + "...";
    }

    private record Answer(int status, String body, int attempts, long at, String detail) {

        boolean retryable() {
            return this.status == 0 || this.status == 503 || this.status == 429 || this.status == 502
                    || this.status == 504;
        }

    }

}

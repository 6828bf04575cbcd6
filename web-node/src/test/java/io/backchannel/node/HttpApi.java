package io.backchannel.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.UUID;

import io.backchannel.contracts.json.Json;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public HTTP API of one node, as the tests call it, and what every error answer must
 * look like.
 */
public final class HttpApi {

    public static final String JSON = "application/json";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final int port;

    public HttpApi(int port) {
        this.port = port;
    }

    /** A new identity from {@code POST /api/sessions}. */
    public Session session() {
        JsonNode grant = json(send(request("/api/sessions").POST(BodyPublishers.noBody())));
        return new Session(grant.get("clientId").asString(), grant.get("token").asString());
    }

    public HttpResponse<String> submit(Session session, String body) {
        return submit(session.token(), BodyPublishers.ofString(body), JSON);
    }

    public HttpResponse<String> submit(String token, BodyPublisher body, String contentType) {
        return send(request("/api/requests").header("Authorization", "Bearer " + token)
            .header("Content-Type", contentType)
            .POST(body));
    }

    public HttpResponse<String> get(Session session, String id) {
        return send(request("/api/requests/" + id).header("Authorization", "Bearer " + session.token()).GET());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
            .timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return this.http.send(request.build(), BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** A submission's body. */
    public static String body(String id, String type, String payload) {
        return "{\"correlationId\":\"" + id + "\",\"type\":\"" + type + "\",\"payload\":" + payload + "}";
    }

    /** A submission's body with an empty payload and, unless null, a timeout. */
    public static String timedBody(String id, String type, Long timeoutMillis) {
        return "{\"correlationId\":\"" + id + "\",\"type\":\"" + type + "\""
                + ((timeoutMillis != null) ? ",\"timeoutMillis\":" + timeoutMillis : "") + "}";
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    public static JsonNode json(HttpResponse<String> response) {
        return Json.mapper().readTree(response.body());
    }

    /**
     * Asserts a problem answer: its status and type, a title and detail, and nothing of
     * the implementation in it.
     */
    public static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
            .hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:backchannel:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(problem.has("trace")).isFalse();
        assertNoLeak(response.body());
    }

    /** Asserts that an answer names nothing of the implementation (classes, traces). */
    public static void assertNoLeak(String body) {
        assertThat(body).doesNotContain("Exception", "\tat ", "java.", "io.backchannel", "tools.jackson",
                "org.springframework", "org.apache", "Tomcat");
    }

    /**
     * An identity.
     *
     * @param clientId its client id
     * @param token its bearer token
     */
    public record Session(String clientId, String token) {

    }

}

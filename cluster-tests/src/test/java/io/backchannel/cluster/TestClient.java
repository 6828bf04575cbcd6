package io.backchannel.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.json.Json;

/**
 * A client of the cluster as a browser would be: one identity, requests to any node.
 */
final class TestClient {

    private static final HttpClient http = HttpClient.newHttpClient();

    private final SessionGrant grant;

    private TestClient(SessionGrant grant) {
        this.grant = grant;
    }

    static TestClient register(Node node) {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(node.http("/api/sessions")).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("session: " + response.statusCode() + " " + response.body());
        }
        return new TestClient(Json.mapper().readValue(response.body(), SessionGrant.class));
    }

    String token() {
        return this.grant.token();
    }

    String clientId() {
        return this.grant.clientId().value();
    }

    static String newCorrelationId() {
        return UUID.randomUUID().toString();
    }

    HttpResponse<String> submit(Node node, String correlationId, String type, String payloadJson) {
        return submit(node, correlationId, type, payloadJson, null);
    }

    /** A request with a timeout of its own, unless {@code timeoutMillis} is null. */
    HttpResponse<String> submit(Node node, String correlationId, String type, String payloadJson, Long timeoutMillis) {
        String body = "{\"correlationId\":\"" + correlationId + "\",\"type\":\"" + type + "\",\"payload\":"
                + payloadJson + ((timeoutMillis != null) ? ",\"timeoutMillis\":" + timeoutMillis : "") + "}";
        return send(HttpRequest.newBuilder(node.http("/api/requests"))
            .header("Authorization", "Bearer " + token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
    }

    /**
     * A request sent with {@code Prefer: wait=N}: the answer comes once it ends, or after
     * N s.
     */
    CompletableFuture<HttpResponse<String>> submitAndWait(Node node, String correlationId, String type,
            String payloadJson, int waitSeconds) {
        String body = "{\"correlationId\":\"" + correlationId + "\",\"type\":\"" + type + "\",\"payload\":"
                + payloadJson + "}";
        return http.sendAsync(HttpRequest.newBuilder(node.http("/api/requests"))
            .header("Authorization", "Bearer " + token())
            .header("Content-Type", "application/json")
            .header("Prefer", "wait=" + waitSeconds)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> cancel(Node node, String correlationId) {
        return send(HttpRequest.newBuilder(node.http("/api/requests/" + correlationId))
            .header("Authorization", "Bearer " + token())
            .DELETE()
            .build());
    }

    HttpResponse<String> get(Node node, String correlationId) {
        return send(HttpRequest.newBuilder(node.http("/api/requests/" + correlationId))
            .header("Authorization", "Bearer " + token())
            .GET()
            .build());
    }

    RequestView record(Node node, String correlationId) {
        HttpResponse<String> response = get(node, correlationId);
        return (response.statusCode() == 200) ? Json.mapper().readValue(response.body(), RequestView.class) : null;
    }

    TestSocket connect(Node node, String lastEventId) {
        return TestSocket.hello(node.ws(), token(), lastEventId);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

}

package io.backchannel.faults.traffic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.id.CorrelationId;
import io.backchannel.contracts.json.Json;

/**
 * What the cluster's record says about a request the client never heard the end of
 * ({@code GET /api/requests/{id}} with its owner's token): evidence for telling a job
 * lost on the way to or in a worker (QUEUED, RUNNING) from an update lost on the way to
 * the socket (SUCCEEDED, FAILED).
 */
public final class RecordProbe {

    private final HttpClient http;

    private final URI node;

    public RecordProbe(HttpClient http, URI node) {
        this.http = http;
        this.node = node;
    }

    /** A one-line description of the record, or of why there is none. */
    public String describe(CorrelationId id, String token) throws InterruptedException {
        try {
            HttpResponse<String> response = this.http
                .send(HttpRequest.newBuilder(this.node.resolve("/api/requests/" + id.value()))
                    .timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return id + ": record answers HTTP " + response.statusCode();
            }
            RequestView record = Json.mapper().readValue(response.body(), RequestView.class);
            return id + ": record " + record.status() + " (type " + record.type() + ", accepted by "
                    + record.acceptedBy() + ", created " + record.createdAt() + ", updated " + record.updatedAt() + ")";
        }
        catch (IOException ex) {
            return id + ": record unreadable: " + ex.getMessage();
        }
    }

}

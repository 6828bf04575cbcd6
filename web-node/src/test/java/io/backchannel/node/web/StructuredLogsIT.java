package io.backchannel.node.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.UUID;

import io.backchannel.contracts.amqp.Topology;
import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.node.LiveServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code logging.structured.format.console=logstash} every log line is one JSON
 * object, and a request's lines carry its correlation id and client id as fields.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "backchannel.node.id=logs-it", "backchannel.intake.job-types=logs-probe",
                "logging.structured.format.console=logstash" })
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsIT extends LiveServices {

    @LocalServerPort
    int port;

    @Autowired
    AmqpAdmin admin;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void deleteProbeQueue() {
        this.admin.deleteQueue(Topology.jobQueue(JobType.of("logs-probe")));
    }

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void acceptedRequest_isLoggedAsJson_withItsCorrelationIdClientIdAndTraceId(CapturedOutput output) throws Exception {
        JsonNode grant = Json.mapper()
            .readTree(send(HttpRequest.newBuilder(uri("/api/sessions")).POST(BodyPublishers.noBody())).body());
        String id = UUID.randomUUID().toString();
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/requests"))
            .header("Authorization", "Bearer " + grant.get("token").asString())
            .header("Content-Type", "application/json")
            .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
            .POST(BodyPublishers.ofString("{\"correlationId\":\"" + id + "\",\"type\":\"logs-probe\"}")));
        assertThat(response.statusCode()).isEqualTo(202);

        JsonNode accepted = output.getOut()
            .lines()
            .filter((line) -> line.contains(id))
            .map((line) -> Json.mapper().readTree(line))
            .filter((line) -> line.path("message").asString().startsWith("Accepted request"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no JSON line for " + id + " in:\n" + output.getOut()));
        assertThat(accepted.path("correlationId").asString()).isEqualTo(id);
        assertThat(accepted.path("clientId").asString()).isEqualTo(grant.get("clientId").asString());
        assertThat(accepted.path("level").asString()).isEqualTo("INFO");
        // The caller's trace, continued.
        assertThat(accepted.path("traceId").asString()).isEqualTo(TRACE_ID);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + this.port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return this.http.send(request.build(), BodyHandlers.ofString());
    }

}

package io.backchannel.cluster;

import java.time.Duration;

import io.backchannel.contracts.JobError;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.amqp.JobUpdate;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once upstream, exactly-once to the user: repeated requests start one job,
 * repeated replies change nothing and show nothing twice.
 */
class DuplicatesIT {

    private static ReplySpy spy;

    private final Cluster cluster = Cluster.shared();

    @BeforeAll
    static void spy() {
        spy = new ReplySpy();
    }

    @AfterAll
    static void close() {
        spy.close();
    }

    @Test
    void sameRequest_repeatedOnAnotherNode_startsOneJob_andAnswersTheSameRecord() {
        Node a = this.cluster.node(0);
        Node b = this.cluster.node(1);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(this.cluster.node(2), null);
        String id = TestClient.newCorrelationId();
        var first = client.submit(a, id, "echo", "{\"n\":1,\"m\":[1,2]}");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Location")).hasValue("/api/requests/" + id);
        var again = client.submit(b, id, "echo", "{\"m\":[1,2],\"n\":1}");
        assertThat(again.statusCode()).isIn(200, 202);
        RequestView firstRecord = Json.mapper().readValue(first.body(), RequestView.class);
        RequestView againRecord = Json.mapper().readValue(again.body(), RequestView.class);
        assertThat(againRecord.correlationId()).isEqualTo(firstRecord.correlationId());
        assertThat(againRecord.createdAt()).isEqualTo(firstRecord.createdAt());
        assertThat(againRecord.acceptedBy()).isEqualTo("node-a");

        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        await().during(Duration.ofMillis(800))
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(spy.updates(id)).filteredOn((u) -> u.status().isTerminal()).hasSize(1));
        assertThat(socket.updates(id)).filteredOn((u) -> u.status().isTerminal()).hasSize(1);
    }

    @Test
    void sameCorrelationId_withAnotherBody_isRefusedWith409() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        String id = TestClient.newCorrelationId();
        assertThat(client.submit(a, id, "echo", "{\"n\":1}").statusCode()).isEqualTo(202);
        var conflict = client.submit(this.cluster.node(1), id, "echo", "{\"n\":2}");
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type"))
            .hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
        assertThat(client.submit(a, id, "report", "{\"n\":1}").statusCode()).isEqualTo(409);
    }

    @Test
    void sameReplyPublishedTwice_changesNothing_andTheClientSeesItOnce() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(this.cluster.node(1), null);
        String id = TestClient.newCorrelationId();
        // Two progress updates before the terminal one, so that the first is stale after
        // it.
        assertThat(client.submit(a, id, "report", "{\"steps\":2,\"stepMillis\":0}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        await().atMost(Duration.ofSeconds(5))
            .untilAsserted(() -> assertThat(spy.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        RequestView before = client.record(a, id);
        int framesBefore = socket.updates(id).size();
        int publishedBefore = spy.of(id).size();

        Message terminal = spy.of(id)
            .stream()
            .filter((m) -> Json.mapper().readValue(m.getBody(), JobUpdate.class).status().isTerminal())
            .findFirst()
            .orElseThrow();
        spy.publish(terminal);
        JobUpdate original = Json.mapper().readValue(terminal.getBody(), JobUpdate.class);
        JobUpdate altered = new JobUpdate(original.attempt(), original.seq(), RequestStatus.FAILED, null, null, null,
                new JobError("forged", "same key, other content"), "someone", original.at());
        spy.publish(MessageBuilder.withBody(Json.mapper().writeValueAsBytes(altered))
            .copyProperties(terminal.getMessageProperties())
            .build());
        JobUpdate stale = new JobUpdate(original.attempt(), 1, RequestStatus.RUNNING, 10, "stale", null, null,
                "someone", original.at());
        spy.publish(MessageBuilder.withBody(Json.mapper().writeValueAsBytes(stale))
            .copyProperties(terminal.getMessageProperties())
            .build());

        await().atMost(Duration.ofSeconds(5)).until(() -> spy.of(id).size() >= publishedBefore + 3);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            RequestView after = client.record(a, id);
            assertThat(after.status()).isEqualTo(RequestStatus.SUCCEEDED);
            assertThat(after.seq()).isEqualTo(before.seq());
            assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
            assertThat(after.result()).isEqualTo(before.result());
            assertThat(socket.updates(id)).hasSize(framesBefore);
        });
    }

}

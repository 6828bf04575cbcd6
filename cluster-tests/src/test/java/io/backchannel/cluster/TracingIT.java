package io.backchannel.cluster;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.backchannel.cluster.RecordedSpans.Recorded;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Via;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One request's trace crosses every hop: the caller's {@code traceparent} on the POST to
 * one node, the job's AMQP headers to the worker, the update's back to a second node, the
 * backplane to the third, which holds the socket. Each of them has spans of that trace,
 * and the update frames carry its id.
 */
class TracingIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void request_continuesTheCallersTrace_onEveryHop_andItsFramesCarryTheTraceId() {
        Node holder = this.cluster.node(0);
        Node intake = this.cluster.node(1);
        Node consumer = this.cluster.node(2);
        TestClient client = TestClient.register(holder);
        TestSocket socket = client.connect(holder, null);
        String traceId = hex(16);
        String id = TestClient.newCorrelationId();
        holder.consumeReplies(false);
        intake.consumeReplies(false);
        try {
            String body = "{\"correlationId\":\"" + id + "\",\"type\":\"echo\",\"payload\":{\"traced\":true}}";
            assertThat(TestClient
                .send(HttpRequest.newBuilder(intake.http("/api/requests"))
                    .header("Authorization", "Bearer " + client.token())
                    .header("Content-Type", "application/json")
                    .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build())
                .statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
        }
        finally {
            holder.consumeReplies(true);
            intake.consumeReplies(true);
        }

        List<UpdateFrame> updates = socket.updates(id);
        assertThat(updates).allSatisfy((update) -> {
            assertThat(update.traceId()).isEqualTo(traceId);
            assertThat(update.route().via()).isIn(Via.BACKPLANE, Via.REPLAY);
        });
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(RecordedSpans.ofTrace(traceId)).extracting(Recorded::app)
                .contains(intake.id(), "worker-1", consumer.id(), holder.id()));
        assertThat(RecordedSpans.ofTrace(traceId)).filteredOn((recorded) -> recorded.app().equals(holder.id()))
            .extracting((recorded) -> recorded.span().getName())
            .contains("backchannel.backplane.push");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }

}

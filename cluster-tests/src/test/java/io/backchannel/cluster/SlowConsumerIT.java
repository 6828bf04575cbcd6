package io.backchannel.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Welcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading is closed with 1013 once more than the send buffer limit
 * waits for it, and holds up nobody else meanwhile; it then resumes with its last event
 * id and gets every update, once.
 */
class SlowConsumerIT {

    private final Cluster cluster = Cluster.shared();

    @Test
    void clientThatStopsReading_isClosedWith1013_othersKeepTheirUpdates_andItResumesWithEverything() {
        Node node = this.cluster.startExtraNode("node-slow",
                Map.of("backchannel.ws.send-buffer-limit", "16KB", "backchannel.intake.rate-limit.requests-per-second",
                        "0", "backchannel.intake.max-in-flight-per-client", "10000"));
        try (RawSocket stalled = RawSocket.connect(node, 4096)) {
            TestClient client = TestClient.register(node);
            stalled.sendText("{\"type\":\"hello\",\"token\":\"" + client.token() + "\"}");
            assertThat(frame(stalled.readText())).isInstanceOf(Welcome.class);

            // From here the client reads nothing. Results of 48 KB each fill the socket's
            // buffers, then the node's queue for it.
            Counter tooSlow = node.context().getBean(MeterRegistry.class).get("backchannel.sockets.too.slow").counter();
            String payload = "{\"pad\":\"" + "x".repeat(48 * 1024) + "\"}";
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 200 && tooSlow.count() == 0; i++) {
                String id = TestClient.newCorrelationId();
                ids.add(id);
                assertThat(client.submit(node, id, "echo", payload).statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(20))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> client.record(node, id).status() == RequestStatus.SUCCEEDED);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> tooSlow.count() == 1);

            TestClient other = TestClient.register(node);
            TestSocket otherSocket = other.connect(node, null);
            String otherId = TestClient.newCorrelationId();
            assertThat(other.submit(node, otherId, "echo", "{}").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(otherSocket.updates(otherId)).anyMatch((u) -> u.status().isTerminal()));

            List<UpdateFrame> before = stalled.readUntilClosed()
                .stream()
                .map(SlowConsumerIT::frame)
                .map(UpdateFrame.class::cast)
                .toList();
            assertThat(stalled.closeCode()).isEqualTo(1013);
            String lastEventId = before.isEmpty() ? null : before.get(before.size() - 1).eventId();
            TestSocket resumed = client.connect(this.cluster.node(1), lastEventId);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<UpdateFrame> all = new ArrayList<>(before);
                all.addAll(resumed.updates());
                assertThat(all).filteredOn((u) -> u.status().isTerminal())
                    .extracting((u) -> u.correlationId().value())
                    .containsExactlyInAnyOrderElementsOf(ids);
            });
            assertThat(resumed.updates()).as("what was dropped for the slow socket comes back").isNotEmpty();
            Set<String> eventIds = new HashSet<>();
            before.forEach((u) -> eventIds.add(u.eventId()));
            resumed.updates().forEach((u) -> assertThat(eventIds.add(u.eventId())).as("each event once").isTrue());
        }
        finally {
            node.context().close();
        }
    }

    private static ServerFrame frame(String text) {
        return Json.mapper().readValue(text, ServerFrame.class);
    }

}

package io.backchannel.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.RequestView;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.node.waiting.Waiters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request ends exactly once across the cluster: cancelled through one node while
 * its socket is on another and its worker runs it, failed at its deadline while its
 * worker still runs it, or cancelled in a race with its own end.
 */
class RequestEndsIT {

    private static final Duration QUIET = Duration.ofSeconds(1);

    /** Long enough to be cut short: a step every 50 ms, 5 s in all. */
    private static final String LONG_REPORT = "{\"steps\":100,\"stepMillis\":50}";

    private final Cluster cluster = Cluster.shared();

    @Test
    void aCancelThroughAnotherNode_endsTheRequestCancelledOnce_andStopsItsWorker() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(this.cluster.node(1), null);
        String id = TestClient.newCorrelationId();
        double stopped = workerJobs("stopped");
        assertThat(client.submit(a, id, "report", LONG_REPORT).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20))
            .until(() -> socket.updates(id).stream().anyMatch((u) -> u.status() == RequestStatus.RUNNING));

        HttpResponse<String> answer = client.cancel(this.cluster.node(2), id);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).contains("\"status\":\"CANCELLED\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> workerJobs("stopped") > stopped);
        await().during(QUIET).atMost(Duration.ofSeconds(10)).until(() -> terminals(socket, id).size() == 1);
        assertThat(terminals(socket, id).getFirst().status()).isEqualTo(RequestStatus.CANCELLED);
        assertThat(socket.updates(id).getLast().status()).as("nothing after the end")
            .isEqualTo(RequestStatus.CANCELLED);
        assertThat(client.record(a, id).status()).isEqualTo(RequestStatus.CANCELLED);
    }

    @Test
    void aRunningJobPastItsDeadline_endsFailedDeadlineExceededOnce_andItsWorkerStops() {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(this.cluster.node(2), null);
        String id = TestClient.newCorrelationId();
        double stopped = workerJobs("stopped");

        assertThat(client.submit(a, id, "report", LONG_REPORT, 800L).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> terminals(socket, id).size() == 1);
        UpdateFrame end = terminals(socket, id).getFirst();
        assertThat(end.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(end.error().code()).isEqualTo(JobErrorCode.DEADLINE_EXCEEDED);
        await().atMost(Duration.ofSeconds(10)).until(() -> workerJobs("stopped") > stopped);
        await().during(QUIET).atMost(Duration.ofSeconds(10)).until(() -> terminals(socket, id).size() == 1);
        assertThat(client.record(this.cluster.node(1), id).error().code()).isEqualTo(JobErrorCode.DEADLINE_EXCEEDED);
    }

    @Test
    void cancelsRacingTheirJobsOwnEnd_leaveExactlyOneTerminal_andTheAnswerSaysWhichWon() {
        Node a = this.cluster.node(0);
        Node b = this.cluster.node(1);
        TestClient client = TestClient.register(a);
        TestSocket socket = client.connect(this.cluster.node(2), null);
        Map<String, Integer> answers = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = TestClient.newCorrelationId();
            ids.add(id);
            assertThat(client.submit(a, id, "echo", "{\"n\":" + i + "}").statusCode()).isEqualTo(202);
            answers.put(id, client.cancel(b, id).statusCode());
        }

        await().atMost(Duration.ofSeconds(20))
            .until(() -> ids.stream().allMatch((id) -> !terminals(socket, id).isEmpty()));
        await().during(QUIET)
            .atMost(Duration.ofSeconds(10))
            .until(() -> ids.stream().allMatch((id) -> terminals(socket, id).size() == 1));
        for (String id : ids) {
            RequestStatus end = terminals(socket, id).getFirst().status();
            // 202: this cancel ended it; 200: the job had ended first.
            assertThat(end).as(id)
                .isEqualTo((answers.get(id) == 202) ? RequestStatus.CANCELLED : RequestStatus.SUCCEEDED);
            assertThat(client.record(a, id).status()).isEqualTo(end);
        }
    }

    @Test
    void callsThatWaitForTheirRequestsEnd_areAnswered200WithTheTerminalRecord_whicheverNodeConsumedTheReply()
            throws Exception {
        Node a = this.cluster.node(0);
        TestClient client = TestClient.register(a);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(client.submitAndWait(a, TestClient.newCorrelationId(), "echo", "{\"n\":" + i + "}", 20));
        }

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> answer = call.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=20");
            assertThat(Json.mapper().readValue(answer.body(), RequestView.class).status())
                .isEqualTo(RequestStatus.SUCCEEDED);
        }
    }

    @Test
    void aNodeShuttingDown_answersItsWaitingCallsAtOnce_withWhatItHas() throws Exception {
        Node extra = this.cluster.startExtraNode("node-wait");
        TestClient client = TestClient.register(extra);
        Waiters waiters = extra.context().getBean(Waiters.class);
        CompletableFuture<HttpResponse<String>> call = client.submitAndWait(extra, TestClient.newCorrelationId(),
                "report", LONG_REPORT, 60);
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.count() == 1);
        long start = System.nanoTime();

        extra.context().close();

        HttpResponse<String> answer = call.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=60");
        assertThat(Json.mapper().readValue(answer.body(), RequestView.class).status().isTerminal()).isFalse();
    }

    private static List<UpdateFrame> terminals(TestSocket socket, String id) {
        return socket.updates(id).stream().filter((u) -> u.status().isTerminal()).toList();
    }

    private double workerJobs(String outcome) {
        MeterRegistry meters = this.cluster.worker().context().getBean(MeterRegistry.class);
        return meters.find("backchannel.worker.jobs")
            .tag("outcome", outcome)
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    }

}

package io.backchannel.cluster;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo page, served by every node of the shared cluster, in Debian's chromium:
 * {@code frontend-demo/src/test/e2e/demo.e2e.mjs} drives it through a round-robin
 * balancer over all web nodes (report job with progress, reload mid-job, dropped socket
 * resumed on another node, screenshots under {@code target/e2e/}); and the React example
 * ({@code frontend-demo/examples/react}, served at {@code /examples/react/index.html}) by
 * {@code react.e2e.mjs}.
 */
class DemoBrowserIT {

    private static final HttpClient http = HttpClient.newHttpClient();

    private static final Path FRONTEND = Path.of("").toAbsolutePath().resolveSibling("frontend-demo");

    private static final Path OUT = Path.of("target", "e2e").toAbsolutePath();

    private final Cluster cluster = Cluster.shared();

    @Test
    void everyNode_servesTheDemoPage_withAPolicyThatAllowsNoInlineScript() throws Exception {
        for (Node node : this.cluster.nodes()) {
            HttpResponse<String> page = get(node, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");
            String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(policy).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");

            HttpResponse<String> library = get(node, "/lib/backchannel-client.js");
            assertThat(library.statusCode()).isEqualTo(200);
            assertThat(library.headers().firstValue("Content-Type"))
                .hasValueSatisfying((type) -> assertThat(type).startsWith("text/javascript"));
        }
    }

    @Test
    void clusterEndpoint_listsEveryLiveWebNode_withItsSockets_andWhoAnswered() throws Exception {
        Node a = this.cluster.node(0);
        assertThat(get(a, "/api/cluster", null).statusCode()).as("without a token").isEqualTo(401);
        String token = TestClient.register(a).token();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode view = Json.mapper().readTree(get(a, "/api/cluster", token).body());
            assertThat(view.path("self").asString()).isEqualTo(a.id());
            List<String> ids = new ArrayList<>();
            view.path("nodes").forEach((n) -> {
                ids.add(n.path("nodeId").asString());
                assertThat(n.path("sockets").isNumber()).isTrue();
                assertThat(n.path("startedAt").asString()).isNotEmpty();
            });
            assertThat(ids).contains("node-a", "node-b", "node-c").doesNotHaveDuplicates();
        });
    }

    @Test
    void demoPage_inChromium_followsJobsThroughReloadsAndDroppedSockets_acrossNodes() throws Exception {
        installPlaywright();
        List<String> command = new ArrayList<>(List.of("node", "src/test/e2e/demo.e2e.mjs", "--out=" + OUT));
        this.cluster.nodes().forEach((node) -> command.add(node.http("").toString()));
        Path log = OUT.resolve("e2e.log");
        int exit = run(command, log, 6);
        System.out.println(Files.readString(log));
        assertThat(exit).as("demo.e2e.mjs failed; see %s", log).isZero();
        assertThat(OUT.resolve("demo-desktop.png")).isNotEmptyFile();
        assertThat(OUT.resolve("demo-phone.png")).isNotEmptyFile();
    }

    @Test
    void reactExample_inChromium_followsAJobThroughAReload() throws Exception {
        installPlaywright();
        assertThat(get(this.cluster.node(1), "/examples/react/index.html").statusCode()).isEqualTo(200);
        Path log = OUT.resolve("react-e2e.log");
        int exit = run(
                List.of("node", "src/test/e2e/react.e2e.mjs", "--out=" + OUT, this.cluster.node(1).http("").toString()),
                log, 4);
        System.out.println(Files.readString(log));
        assertThat(exit).as("react.e2e.mjs failed; see %s", log).isZero();
        assertThat(OUT.resolve("react-example.png")).isNotEmptyFile();
    }

    private static void installPlaywright() throws IOException, InterruptedException {
        Files.createDirectories(OUT);
        assertThat(run(List.of("node", "src/build/install-dev-deps.mjs"), OUT.resolve("npm-ci.log"), 5))
            .as("npm ci for playwright-core; see %s", OUT.resolve("npm-ci.log"))
            .isZero();
    }

    /**
     * Runs a command in frontend-demo/ with a bounded time; its output goes to the log.
     */
    private static int run(List<String> command, Path log, long minutes) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(FRONTEND.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(
                    String.join(" ", command) + " did not finish within " + minutes + " minutes; see " + log);
        }
        return process.exitValue();
    }

    private static HttpResponse<String> get(Node node, String path) throws IOException, InterruptedException {
        return get(node, path, null);
    }

    private static HttpResponse<String> get(Node node, String path, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.http(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}

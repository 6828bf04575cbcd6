package io.backchannel.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.testing.TestServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one-command local cluster ({@code deploy/local/cluster.sh}) as a newcomer uses it:
 * {@code up}, a socket and a request through nginx, the terminal update, {@code down},
 * and no process left behind. Runs on ports of its own (nginx 18080, nodes 18081 and up)
 * and under {@code target/}, so a developer's cluster on the default ports is not
 * disturbed; uses the Redis and RabbitMQ the other integration tests use, and never
 * rebuilds (the jars were packaged earlier in the same build).
 */
class LauncherIT {

    private static final int LB_PORT = 18080;

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(6);

    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);

    private static final HttpClient http = HttpClient.newHttpClient();

    private final Path root = repositoryRoot();

    private final Path runDir = this.root.resolve("cluster-tests/target/launcher-run");

    @Test
    void up_thenSocketAndRequestThroughNginx_getTerminalUpdate_andDownLeavesNoProcess() throws Exception {
        Map<String, Long> pids = new TreeMap<>();
        int down;
        try {
            int up = launcher("up", UP_TIMEOUT);
            pids.putAll(recordedPids());
            assertThat(up).as(output("up")).isZero();
            assertThat(pids.keySet()).as("what up started (Redis and RabbitMQ were already there)")
                .containsExactlyInAnyOrder("nginx", "node-1", "node-2", "worker-1");

            SessionGrant grant = Json.mapper()
                .readValue(send(
                        HttpRequest.newBuilder(lb("/api/sessions")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        201), SessionGrant.class);
            TestSocket socket = TestSocket.hello(URI.create("ws://127.0.0.1:" + LB_PORT + "/ws"), grant.token(), null);
            assertThat(socket.welcome()).as("welcome through nginx").isNotNull();
            assertThat(socket.welcome().nodeId()).startsWith("launcher-it-node-");

            String id = UUID.randomUUID().toString();
            send(HttpRequest.newBuilder(lb("/api/requests"))
                .header("Authorization", "Bearer " + grant.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"correlationId\":\"" + id
                        + "\",\"type\":\"report\",\"payload\":{\"steps\":2,\"stepMillis\":50}}"))
                .build(), 202);
            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
            assertThat(socket.updates(id)).extracting(UpdateFrame::status).last().isEqualTo(RequestStatus.SUCCEEDED);
        }
        finally {
            pids.putAll(recordedPids());
            down = launcher("down", DOWN_TIMEOUT);
        }
        assertThat(down).as(output("down")).isZero();
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(pids)
                .allSatisfy((name, pid) -> assertThat(running(pid)).as("%s (pid %d) still runs", name, pid).isFalse()));
    }

    /** Runs the launcher with this test's settings; its output goes to target/. */
    private int launcher(String command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", this.root.resolve("deploy/local/cluster.sh").toString(),
                command)
            .directory(this.root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logOf(command).toFile());
        builder.environment().putAll(settings());
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            // SIGTERM: the launcher stops what it started before it exits.
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            throw new AssertionError("cluster.sh " + command + " took longer than " + timeout + "\n" + output(command));
        }
        return process.exitValue();
    }

    private Map<String, String> settings() {
        Map<String, Object> services = TestServices.springProperties();
        Map<String, String> env = new HashMap<>();
        env.put("RUN_DIR", this.runDir.toString());
        env.put("NODES", "2");
        env.put("WORKERS", "1");
        env.put("LB_PORT", String.valueOf(LB_PORT));
        env.put("NODE_PORT_BASE", String.valueOf(LB_PORT + 1));
        env.put("WORKER_PORT_BASE", String.valueOf(LB_PORT + 11));
        env.put("NODE_ID_PREFIX", "launcher-it-node-");
        env.put("WORKER_ID_PREFIX", "launcher-it-worker-");
        env.put("SKIP_BUILD", "1");
        env.put("READY_TIMEOUT", "240");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("REDIS_HOST", services.get("spring.data.redis.host").toString());
        env.put("REDIS_PORT", services.get("spring.data.redis.port").toString());
        env.put("AMQP_HOST", services.get("spring.rabbitmq.host").toString());
        env.put("AMQP_PORT", services.get("spring.rabbitmq.port").toString());
        env.put("AMQP_USER", services.get("spring.rabbitmq.username").toString());
        env.put("AMQP_PASSWORD", services.get("spring.rabbitmq.password").toString());
        return env;
    }

    /** The PIDs the launcher recorded, by part name, read before anything stops them. */
    private Map<String, Long> recordedPids() throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        Path dir = this.runDir.resolve("pids");
        if (!Files.isDirectory(dir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter((f) -> f.getFileName().toString().endsWith(".pid")).toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                pids.put(name, Long.parseLong(Files.readString(file).trim()));
            }
        }
        return pids;
    }

    /** Whether the process runs; an exited child not yet reaped (a zombie) does not. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        }
        catch (NoSuchFileException ex) {
            return false;
        }
        catch (IOException ex) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }

    private static String send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", request.method(), request.uri(), response.body())
            .isEqualTo(expectedStatus);
        return response.body();
    }

    private static URI lb(String path) {
        return URI.create("http://127.0.0.1:" + LB_PORT + path);
    }

    private Path logOf(String command) {
        return this.root.resolve("cluster-tests/target/launcher-" + command + ".log");
    }

    private String output(String command) {
        try {
            return "cluster.sh " + command + " said:\n" + Files.readString(logOf(command));
        }
        catch (IOException ex) {
            return "cluster.sh " + command + ": no output (" + ex.getMessage() + ")";
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("deploy/local/cluster.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("deploy/local/cluster.sh not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

}

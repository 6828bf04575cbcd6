package io.backchannel.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.backchannel.contracts.RequestStatus;
import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.EventFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.testing.TestServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one-command local cluster ({@code deploy/local/cluster.sh}) as a newcomer uses it:
 * {@code up}, a socket and a request through nginx, the terminal update, {@code down},
 * and no process left behind; and the same in {@code jwt} mode, with the development
 * identity provider: a user on two devices, a backend's publish reaching both. Runs on
 * ports of its own (nginx 18080 and 18100, nodes above each) and under {@code target/},
 * so a developer's cluster on the default ports is not disturbed; uses the Redis and
 * RabbitMQ the other integration tests use, and never rebuilds (the jars were packaged
 * earlier in the same build).
 */
class LauncherIT {

    private static final Launch ANONYMOUS = new Launch("launcher", 18080, "anonymous");

    private static final Launch JWT = new Launch("launcher-jwt", 18100, "jwt");

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(6);

    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);

    private static final HttpClient http = HttpClient.newHttpClient();

    private final Path root = repositoryRoot();

    @Test
    void up_thenSocketAndRequestThroughNginx_getTerminalUpdate_andDownLeavesNoProcess() throws Exception {
        withCluster(ANONYMOUS, (launch, parts) -> {
            assertThat(parts).as("what up started (Redis and RabbitMQ were already there)")
                .containsExactlyInAnyOrder("nginx", "node-1", "node-2", "worker-1");

            SessionGrant grant = Json.mapper()
                .readValue(send(HttpRequest.newBuilder(launch.lb("/api/sessions"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(), 201), SessionGrant.class);
            TestSocket socket = TestSocket.hello(launch.ws(), grant.token(), null);
            assertThat(socket.welcome()).as("welcome through nginx").isNotNull();
            assertThat(socket.welcome().nodeId()).startsWith("launcher-it-node-");
            // As a browser on the page nginx serves: its Origin is the balancer's
            // address,
            // which the node must see through the forwarded headers as its own.
            http.newWebSocketBuilder()
                .header("Origin", "http://127.0.0.1:" + launch.lbPort())
                .buildAsync(launch.ws(), new WebSocket.Listener() {
                })
                .join()
                .abort();

            String id = UUID.randomUUID().toString();
            send(HttpRequest.newBuilder(launch.lb("/api/requests"))
                .header("Authorization", "Bearer " + grant.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"correlationId\":\"" + id
                        + "\",\"type\":\"report\",\"payload\":{\"steps\":2,\"stepMillis\":50}}"))
                .build(), 202);
            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(socket.updates(id)).anyMatch((u) -> u.status().isTerminal()));
            assertThat(socket.updates(id)).extracting(UpdateFrame::status).last().isEqualTo(RequestStatus.SUCCEEDED);
        });
    }

    @Test
    void jwtMode_aUserOnTwoDevices_seesTheirRequestOnBoth_andABackendsPublishReachesBoth() throws Exception {
        withCluster(JWT, (launch, parts) -> {
            assertThat(parts).contains("idp", "nginx", "node-1", "node-2", "worker-1");
            assertThat(send(HttpRequest.newBuilder(launch.lb("/api/sessions"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(), 404)).contains("identity provider");

            String user = "alice-" + UUID.randomUUID();
            TestSocket laptop = TestSocket.hello(launch.ws(), token(launch, user, null), null);
            String phoneToken = token(launch, user, null);
            TestSocket phone = TestSocket.hello(launch.ws(), phoneToken, null);
            assertThat(laptop.welcome().clientId()).isEqualTo(phone.welcome().clientId());

            String id = UUID.randomUUID().toString();
            send(HttpRequest.newBuilder(launch.lb("/api/requests"))
                .header("Authorization", "Bearer " + phoneToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"correlationId\":\"" + id + "\",\"type\":\"echo\"}"))
                .build(), 202);
            String publishId = UUID.randomUUID().toString();
            send(HttpRequest.newBuilder(launch.lb("/api/publish"))
                .header("Authorization", "Bearer " + token(launch, "launcher-backend", "backchannel.publish"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\",\"id\":\"" + publishId
                        + "\",\"event\":{\"type\":\"order.shipped\",\"data\":{\"order\":7}}}"))
                .build(), 202);
            for (TestSocket device : List.of(laptop, phone)) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(device.updates(id)).extracting(UpdateFrame::status).contains(RequestStatus.SUCCEEDED);
                    assertThat(device.frames()).filteredOn(EventFrame.class::isInstance)
                        .extracting((f) -> ((EventFrame) f).id())
                        .containsExactly(publishId);
                });
            }
        });
    }

    /**
     * Brings the cluster up, runs the drill against it, brings it down, and checks that
     * nothing it started still runs, whatever the drill did.
     */
    private void withCluster(Launch launch, Drill drill) throws Exception {
        Map<String, Long> pids = new TreeMap<>();
        int down;
        try {
            int up = launcher(launch, "up", UP_TIMEOUT);
            pids.putAll(recordedPids(launch));
            assertThat(up).as(output(launch, "up")).isZero();
            drill.run(launch, Set.copyOf(pids.keySet()));
        }
        finally {
            pids.putAll(recordedPids(launch));
            down = launcher(launch, "down", DOWN_TIMEOUT);
        }
        assertDownLeftNothing(launch, down, pids);
    }

    /**
     * What a test does with a cluster that is up: the launch, and the parts it started.
     */
    @FunctionalInterface
    private interface Drill {

        void run(Launch launch, Set<String> parts) throws Exception;

    }

    /**
     * A token of the development identity provider, through nginx as the demo page gets
     * it.
     */
    private static String token(Launch launch, String user, String scope) throws IOException, InterruptedException {
        String query = "user=" + user + ((scope != null) ? "&scope=" + scope : "");
        return Json.mapper()
            .readTree(send(HttpRequest.newBuilder(launch.lb("/idp/token?" + query)).GET().build(), 200))
            .get("access_token")
            .asString();
    }

    private void assertDownLeftNothing(Launch launch, int down, Map<String, Long> pids) {
        assertThat(down).as(output(launch, "down")).isZero();
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(pids)
                .allSatisfy((name, pid) -> assertThat(running(pid)).as("%s (pid %d) still runs", name, pid).isFalse()));
    }

    /** Runs the launcher with this test's settings; its output goes to target/. */
    private int launcher(Launch launch, String command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", this.root.resolve("deploy/local/cluster.sh").toString(),
                command)
            .directory(this.root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logOf(launch, command).toFile());
        builder.environment().putAll(settings(launch));
        Process process = builder.start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            // SIGTERM: the launcher stops what it started before it exits.
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            throw new AssertionError(
                    "cluster.sh " + command + " took longer than " + timeout + "\n" + output(launch, command));
        }
        return process.exitValue();
    }

    private Map<String, String> settings(Launch launch) {
        Map<String, Object> services = TestServices.springProperties();
        Map<String, String> env = new HashMap<>();
        env.put("RUN_DIR", launch.runDir(this.root).toString());
        env.put("NODES", "2");
        env.put("WORKERS", "1");
        env.put("LB_PORT", String.valueOf(launch.lbPort()));
        env.put("NODE_PORT_BASE", String.valueOf(launch.lbPort() + 1));
        env.put("WORKER_PORT_BASE", String.valueOf(launch.lbPort() + 11));
        env.put("IDP_PORT", String.valueOf(launch.lbPort() + 19));
        env.put("AUTH_MODE", launch.authMode());
        env.put("NODE_ID_PREFIX", launch.name() + "-it-node-");
        env.put("WORKER_ID_PREFIX", launch.name() + "-it-worker-");
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
    private Map<String, Long> recordedPids(Launch launch) throws IOException {
        Map<String, Long> pids = new TreeMap<>();
        Path dir = launch.runDir(this.root).resolve("pids");
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

    private Path logOf(Launch launch, String command) {
        return this.root.resolve("cluster-tests/target/" + launch.name() + "-" + command + ".log");
    }

    private String output(Launch launch, String command) {
        try {
            return "cluster.sh " + command + " said:\n" + Files.readString(logOf(launch, command));
        }
        catch (IOException ex) {
            return "cluster.sh " + command + ": no output (" + ex.getMessage() + ")";
        }
    }

    /**
     * One cluster of this test: its name (run directory, ids, logs), its nginx port (the
     * nodes, workers and identity provider on the ports above it) and its auth mode.
     */
    private record Launch(String name, int lbPort, String authMode) {

        Path runDir(Path root) {
            return root.resolve("cluster-tests/target/" + this.name + "-run");
        }

        URI lb(String path) {
            return URI.create("http://127.0.0.1:" + this.lbPort + path);
        }

        URI ws() {
            return URI.create("ws://127.0.0.1:" + this.lbPort + "/ws");
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

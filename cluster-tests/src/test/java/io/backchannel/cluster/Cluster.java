package io.backchannel.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.backchannel.node.WebNodeApplication;
import io.backchannel.testing.LocalRedisCluster;
import io.backchannel.testing.TestServices;
import io.backchannel.worker.demo.WorkerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Backchannel cluster in this JVM: three web nodes ({@code node-a}, {@code node-b},
 * {@code node-c}) and one worker, on real Redis and RabbitMQ. Started once and shared by
 * every test class, because starting it is the slow part.
 */
final class Cluster implements AutoCloseable {

    private static Cluster shared;

    /** Every span kept, and handed to {@link RecordedSpans} soon after it ends. */
    private static final Map<String, Object> TRACING = Map.of("management.tracing.sampling.probability", "1.0",
            "management.opentelemetry.tracing.export.schedule-delay", "100ms");

    private final Map<String, Object> services;

    private final List<Node> nodes = new ArrayList<>();

    private final ConfigurableApplicationContext worker;

    private Cluster(Map<String, Object> services, List<String> nodeIds, String workerId) {
        this.services = services;
        this.worker = startWorker(workerId);
        for (String id : nodeIds) {
            this.nodes.add(startNode(id));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "cluster-shutdown"));
    }

    static synchronized Cluster shared() {
        if (shared == null) {
            shared = new Cluster(TestServices.springProperties(), List.of("node-a", "node-b", "node-c"), "worker-1");
        }
        return shared;
    }

    /**
     * Nodes and a worker of their own on a Redis Cluster (and the usual RabbitMQ); the
     * caller closes them. Not to be run beside {@link #shared()} on the same broker: the
     * two would take each other's jobs and replies.
     */
    static Cluster onRedisCluster(LocalRedisCluster redis, List<String> nodeIds, String workerId) {
        Map<String, Object> services = new HashMap<>(TestServices.springProperties());
        services.keySet().removeIf((key) -> key.startsWith("spring.data.redis."));
        services.putAll(redis.springProperties());
        // What an installation on a Redis Cluster should run with: no write a client is
        // owed is acknowledged before a replica has it.
        services.put("backchannel.records.replica-acks", 1);
        return new Cluster(services, nodeIds, workerId);
    }

    Node node(int index) {
        return this.nodes.get(index);
    }

    List<Node> nodes() {
        return List.copyOf(this.nodes);
    }

    /** The worker, as a {@link Node} for its HTTP actuator. */
    Node worker() {
        return new Node("worker-1", this.worker);
    }

    /** A fourth node, for tests that stop one; the caller closes it. */
    Node startExtraNode(String id) {
        return startNode(id, Map.of());
    }

    /**
     * A fourth node with settings of its own (a tiny send buffer, ...); the caller closes
     * it.
     */
    Node startExtraNode(String id, Map<String, Object> settings) {
        return startNode(id, settings);
    }

    private Node startNode(String id) {
        return startNode(id, Map.of());
    }

    private Node startNode(String id, Map<String, Object> settings) {
        Map<String, Object> properties = new HashMap<>(this.services);
        properties.put("server.port", 0);
        properties.put("backchannel.node.id", id);
        // The demo page (DemoBrowserIT) and the demo worker's job types.
        properties.put("spring.profiles.active", "demo");
        properties.put("backchannel.node.heartbeat-interval", "1s");
        properties.put("backchannel.node.heartbeat-ttl", "4s");
        properties.put("backchannel.ws.hello-timeout", "1s");
        properties.put("backchannel.auth.secret", "cluster-tests-secret-0123456789abcdef");
        // Every test's clients come from loopback: one address's budget would not do.
        properties.put("backchannel.auth.sessions.per-second", 0);
        properties.put("management.server.port", 0);
        properties.put("spring.lifecycle.timeout-per-shutdown-phase", "5s");
        properties.putAll(TRACING);
        properties.putAll(settings);
        ConfigurableApplicationContext context = WebNodeApplication.builder()
            .sources(RecordedSpans.class)
            .run(arguments(properties));
        return new Node(id, context);
    }

    private ConfigurableApplicationContext startWorker(String workerId) {
        Map<String, Object> properties = new HashMap<>(this.services);
        properties.put("server.port", 0);
        properties.put("backchannel.worker.worker-id", workerId);
        properties.put("backchannel.worker.max-attempts", 3);
        properties.put("backchannel.worker.backoff-initial", "20ms");
        properties.put("backchannel.worker.backoff-max", "100ms");
        // This JVM has the web node's classpath, Spring Security included, which the
        // worker's own jar lacks: its auto-configuration would lock the worker's
        // actuator.
        properties.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"));
        properties.putAll(TRACING);
        return WorkerApplication.builder().sources(RecordedSpans.class).run(arguments(properties));
    }

    /** As command-line arguments, which outrank the apps' own configuration files. */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    @Override
    public void close() {
        this.nodes.forEach((node) -> node.context().close());
        this.worker.close();
    }

}

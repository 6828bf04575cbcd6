package io.backchannel.testing;

import java.net.URI;
import java.util.Map;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Where integration tests find real Redis and RabbitMQ, decided once per JVM:
 * <ol>
 * <li>{@code REDIS_URL} / {@code AMQP_URL} when set (CI sets them after making sure both
 * answer);</li>
 * <li>otherwise containers from Testcontainers, when a Docker engine answers;</li>
 * <li>otherwise the servers on loopback, {@code redis://127.0.0.1:6379} and
 * {@code amqp://guest:guest@127.0.0.1:5672}.</li>
 * </ol>
 */
public final class TestServices {

    private static final String DEFAULT_REDIS = "redis://127.0.0.1:6379";

    private static final String DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672";

    private static volatile URI redis;

    private static volatile URI amqp;

    private TestServices() {
    }

    public static synchronized URI redis() {
        if (redis == null) {
            redis = resolve("REDIS_URL", () -> {
                GenericContainer<?> c = new GenericContainer<>("redis:7.4-alpine").withExposedPorts(6379);
                c.start();
                return URI.create("redis://" + c.getHost() + ":" + c.getMappedPort(6379));
            }, DEFAULT_REDIS);
        }
        return redis;
    }

    public static synchronized URI amqp() {
        if (amqp == null) {
            amqp = resolve("AMQP_URL", () -> {
                GenericContainer<?> c = new GenericContainer<>("rabbitmq:4.1-alpine").withExposedPorts(5672)
                    .waitingFor(Wait.forLogMessage(".*Server startup complete.*", 1));
                c.start();
                return URI.create("amqp://guest:guest@" + c.getHost() + ":" + c.getMappedPort(5672));
            }, DEFAULT_AMQP);
        }
        return amqp;
    }

    /** Spring properties pointing an app at these servers. */
    public static Map<String, Object> springProperties() {
        URI r = redis();
        URI a = amqp();
        String[] userInfo = (a.getUserInfo() != null) ? a.getUserInfo().split(":", 2)
                : new String[] { "guest", "guest" };
        return Map.of("spring.data.redis.host", r.getHost(), "spring.data.redis.port", r.getPort(),
                "spring.rabbitmq.host", a.getHost(), "spring.rabbitmq.port", (a.getPort() > 0) ? a.getPort() : 5672,
                "spring.rabbitmq.username", userInfo[0], "spring.rabbitmq.password", userInfo[1]);
    }

    private static URI resolve(String variable, java.util.function.Supplier<URI> container, String fallback) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return URI.create(configured.trim());
        }
        if (dockerAvailable()) {
            return container.get();
        }
        return URI.create(fallback);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }

}

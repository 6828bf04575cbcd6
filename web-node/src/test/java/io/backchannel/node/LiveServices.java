package io.backchannel.node;

import io.backchannel.testing.TestServices;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that start a web node: points it at the real Redis and
 * RabbitMQ that {@link TestServices} finds (containers, or the servers named by
 * environment), and gives it the token secret a node cannot start without.
 */
public abstract class LiveServices {

    /** The token secret of the nodes tests start. */
    public static final String SECRET = "web-node-tests-secret-0123456789abcdef";

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("backchannel.auth.secret", () -> SECRET);
        // Every test mints identities from loopback, and they would share one address's
        // budget; SessionMintIT sets its own.
        registry.add("backchannel.auth.sessions.per-second", () -> "0");
        registry.add("management.server.port", () -> "0");
    }

}

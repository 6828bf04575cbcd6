package io.backchannel.node;

import io.backchannel.testing.TestServices;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that start a web node: points it at the real Redis and
 * RabbitMQ that {@link TestServices} finds (containers, or the servers named by
 * environment).
 */
public abstract class LiveServices {

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestServices.springProperties().forEach((name, value) -> registry.add(name, () -> value));
    }

}

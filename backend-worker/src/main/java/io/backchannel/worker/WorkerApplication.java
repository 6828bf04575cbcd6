package io.backchannel.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Starts a worker: it declares the broker topology, consumes one queue per job type and
 * publishes every job's updates to the reply exchange.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    /** The worker's configuration file is {@code backend-worker.yml}. */
    public static final String CONFIG_NAME = "spring.config.name=backend-worker";

    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * The application as {@code main} starts it; tests start it in a shared JVM this way.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class).properties(CONFIG_NAME);
    }

}

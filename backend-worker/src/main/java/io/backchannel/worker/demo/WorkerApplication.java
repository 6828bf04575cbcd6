package io.backchannel.worker.demo;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts the demo worker. Its job handlers are the beans of this package; the worker
 * starter turns them into consumers of their queues.
 */
@SpringBootApplication
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

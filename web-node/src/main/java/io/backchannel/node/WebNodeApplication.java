package io.backchannel.node;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A Backchannel web node: takes requests over HTTP, holds WebSockets, and routes every
 * worker reply to its socket, wherever the reply lands.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WebNodeApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /**
     * The application as {@code main} starts it; tests start several in one JVM this way.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WebNodeApplication.class);
    }

}

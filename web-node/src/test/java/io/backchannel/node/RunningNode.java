package io.backchannel.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backchannel.testing.TestServices;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A web node started as {@code main} starts it, on a random port, for tests that run
 * outside Spring's test support (jqwik properties).
 */
public final class RunningNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * @param settings properties of this node, beside the services, the port and the
     * token secret ({@link LiveServices#SECRET})
     */
    public static RunningNode start(Map<String, String> settings) {
        List<String> arguments = new ArrayList<>();
        TestServices.springProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        arguments.add("--server.port=0");
        arguments.add("--backchannel.auth.secret=" + LiveServices.SECRET);
        Map<String, String> all = new LinkedHashMap<>();
        // As in LiveServices: tests mint many identities from loopback.
        all.put("backchannel.auth.sessions.per-second", "0");
        // Several nodes run in one JVM: each its own management port.
        all.put("management.server.port", "0");
        // A node accepts only the types it is given; the demo's echo unless the test
        // names others.
        all.put("backchannel.intake.job-types", "echo");
        all.putAll(settings);
        all.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return new RunningNode(WebNodeApplication.builder().run(arguments.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) this.context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return this.context.getBean(type);
    }

    @Override
    public void close() {
        this.context.close();
    }

}

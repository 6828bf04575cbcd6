package io.backchannel.cluster;

import java.net.URI;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One web node of the test cluster.
 *
 * @param id its node id
 * @param context its Spring context
 */
record Node(String id, ConfigurableApplicationContext context) {

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + port() + "/ws");
    }

    /**
     * A path of its actuator: on the management port of a web node, on the one port of a
     * worker.
     */
    URI actuator(String path) {
        Integer management = this.context.getEnvironment().getProperty("local.management.port", Integer.class);
        return URI.create("http://127.0.0.1:" + ((management != null) ? management : port()) + path);
    }

    int port() {
        return ((WebServerApplicationContext) this.context).getWebServer().getPort();
    }

    /**
     * Stops or starts this node's consumer of worker replies, to choose which node
     * receives.
     */
    void consumeReplies(boolean on) {
        var container = this.context.getBean(RabbitListenerEndpointRegistry.class).getListenerContainer("replies");
        if (on) {
            container.start();
        }
        else {
            container.stop();
        }
    }

}

package io.backchannel.faults.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The readiness probes of every node and worker, which cover Redis and RabbitMQ: the
 * cluster is whole again when all of them answer 200.
 */
public final class Readiness {

    private static final Duration POLL = Duration.ofMillis(250);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ClusterPlan plan;

    public Readiness(ClusterPlan plan) {
        this.plan = plan;
    }

    /**
     * Polls until every part is ready.
     * @throws ClusterException with the parts still not ready when {@code max} has passed
     */
    public void await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<URI> notReady = notReady();
        while (!notReady.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new ClusterException("not ready after " + max.toSeconds() + " s: " + notReady);
            }
            Thread.sleep(POLL);
            notReady = notReady();
        }
    }

    private List<URI> notReady() throws InterruptedException {
        List<URI> notReady = new ArrayList<>();
        for (URI part : this.plan.probed()) {
            if (status(part.resolve("/actuator/health/readiness")) != 200) {
                notReady.add(part);
            }
        }
        return notReady;
    }

    private int status(URI probe) throws InterruptedException {
        try {
            return this.http
                .send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(3)).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        }
        catch (IOException ex) {
            return 0;
        }
    }

}

package io.backchannel.faults.traffic;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.backchannel.contracts.json.Json;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.LoadClient;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.SteadyRate;
import io.backchannel.load.client.Tally;
import tools.jackson.databind.JsonNode;

/**
 * One fault's steady, open-loop stream of requests from a {@link Fleet}: each from a
 * random client, alternately {@code echo} and a three-step {@code report}, each sent by
 * the {@link Submitter} until it is accepted. Sends until told to finish, and at least
 * the planned number.
 */
public final class Traffic {

    private static final Duration CHUNK = Duration.ofSeconds(1);

    private static final JsonNode REPORT = Json.mapper().createObjectNode().put("steps", 3).put("stepMillis", 100);

    private final String fault;

    private final Fleet<LoadClient> fleet;

    private final Settings settings;

    private final Submitter submitter;

    private final AtomicLong sent = new AtomicLong();

    private final LongAdder finished = new LongAdder();

    private volatile long stopNotBefore = Long.MAX_VALUE;

    private volatile boolean stopped;

    private Thread loop;

    public Traffic(String fault, Fleet<LoadClient> fleet, Api api, RetryPolicy retry, Nodes nodes, Tally tally,
            Settings settings) {
        this.fault = fault;
        this.fleet = fleet;
        this.settings = settings;
        List<URI> targets = new ArrayList<>(nodes.direct());
        if (nodes.lb() != null) {
            targets.add(nodes.lb());
        }
        this.submitter = new Submitter(api, retry, targets, tally, settings.submitDeadline());
    }

    /** Starts sending, {@code settings.rate} requests a second. */
    public void start() {
        this.loop = Thread.ofPlatform().name("traffic-" + this.fault).daemon().start(this::run);
    }

    /**
     * Sends on for at least {@code calm} from now, and until at least
     * {@code settings.minRequests} requests are sent; then stops.
     */
    public void finishAfter(Duration calm) {
        this.stopNotBefore = System.nanoTime() + calm.toNanos();
    }

    /** Stops sending new requests now (within a second), whatever was planned. */
    public void stop() {
        this.stopped = true;
    }

    /**
     * Waits until sending has stopped and every request sent was accepted, refused or
     * abandoned.
     * @return false when requests were still being sent after {@code max}
     */
    public boolean awaitFinished(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        this.loop.join(max);
        while (this.finished.sum() < this.sent.get() || this.loop.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private void run() {
        try {
            while (!this.stopped
                    && (this.sent.get() < this.settings.minRequests() || System.nanoTime() < this.stopNotBefore)) {
                SteadyRate.run(this.settings.rate(), CHUNK, (index, due) -> send(due));
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(long due) {
        try {
            long n = this.sent.getAndIncrement();
            boolean report = n % 2 == 1;
            this.submitter.send(this.fleet.random(), report ? "report" : "echo", report ? REPORT : echo(n), due);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            this.finished.increment();
        }
    }

    private JsonNode echo(long n) {
        return Json.mapper().createObjectNode().put("fault", this.fault).put("n", n);
    }

    public long sent() {
        return this.sent.get();
    }

    /** How the requests sent so far went. */
    public Submitter submitter() {
        return this.submitter;
    }

    /**
     * @param rate requests a second
     * @param minRequests send at least this many
     * @param submitDeadline how long one request is sent again before it is abandoned
     */
    public record Settings(double rate, long minRequests, Duration submitDeadline) {

    }

}

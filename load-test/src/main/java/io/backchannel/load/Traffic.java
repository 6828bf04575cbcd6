package io.backchannel.load;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.backchannel.contracts.id.JobType;
import io.backchannel.contracts.json.Json;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.InFlight;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.report.Progress;
import tools.jackson.databind.JsonNode;

/**
 * What each synthetic request asks for: a job type and a payload of a given size.
 *
 * @param type the job type ({@code --type}, default echo)
 * @param payload {@code {"data": "xxx..."}} with {@code --payload-bytes} characters
 * (default 64)
 * @param inFlight requests in flight at once, all clients together
 * ({@code --max-inflight}, default 500): a request due while all are taken waits for one,
 * and the wait counts in its latency (it is timed from its due time). Unbounded, a
 * cluster that falls behind made the load generator open a connection per waiting request
 * until it ran out of file descriptors; a browser, too, has a handful of connections per
 * host.
 */
public record Traffic(String type, JsonNode payload, InFlight inFlight) {

    public static final String HELP = """
              --type=echo         job type of every request
              --payload-bytes=64  size of the payload's data string
              --max-inflight=500  requests in flight at once; a due request waits for a slot, and the wait counts
            """;

    public static Traffic from(Args args) {
        String type = args.string("type", "echo");
        try {
            JobType.of(type);
        }
        catch (IllegalArgumentException ex) {
            throw new UsageException("--type=" + type + ": " + ex.getMessage());
        }
        int bytes = args.integer("payload-bytes", 64, 0);
        int inflight = args.integer("max-inflight", 500, 1);
        return new Traffic(type, Json.mapper().createObjectNode().put("data", "x".repeat(bytes)),
                new InFlight(inflight));
    }

    /**
     * Sends request {@code index} of an open-loop stream, from client {@code index} mod K
     * of the fleet, to {@link Nodes#requestTarget}; an exception inside the client is
     * counted in {@code errors} (the tally counts everything else).
     */
    public void send(Fleet<?> fleet, Nodes nodes, long index, long due, AtomicLong errors) {
        try {
            this.inFlight.acquire();
        }
        catch (InterruptedException ex) {
            this.inFlight.abandon();
            Thread.currentThread().interrupt();
            return;
        }
        try {
            fleet.client((int) (index % fleet.size())).submit(nodes::requestTarget, this.type, this.payload, due);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException ex) {
            errors.incrementAndGet();
        }
        finally {
            this.inFlight.release();
        }
    }

    /**
     * Waits, at most {@code timeout}, until the {@code sent} requests of a stream have
     * all been answered, those still waiting for a slot included: a report read while
     * they still arrive would leave out what would have been the slowest.
     * @return how many were still unfinished
     */
    public long drain(long sent, Duration timeout, Progress progress) throws InterruptedException {
        long waiting = sent - this.inFlight.finished();
        if (waiting > this.inFlight.max()) {
            progress.print(waiting + " requests still in flight or waiting for one of the " + this.inFlight.max()
                    + " slots; waiting for them (at most " + timeout.toSeconds() + " s)");
        }
        this.inFlight.awaitFinished(sent, timeout);
        return sent - this.inFlight.finished();
    }

    /**
     * Fails a run that gave up on requests still waiting for a slot: its figures leave
     * out what would have been the slowest.
     */
    public static void failUnsent(Report report, long unsent) {
        if (unsent > 0) {
            report.fail(unsent + " requests were still waiting for a slot (--max-inflight) when the run gave up on"
                    + " them: the figures leave out what would have been the slowest");
        }
    }

}

package io.backchannel.load.connections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backchannel.load.Traffic;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.Client;
import io.backchannel.load.client.Completion;
import io.backchannel.load.client.LoadClient;
import io.backchannel.load.client.Nodes;
import io.backchannel.load.client.Tally;
import io.backchannel.load.report.Latency;

/**
 * Proof that a node full of idle sockets still delivers: a sample of the open sockets
 * (spread evenly over them) each submit one job through random nodes and wait for its
 * terminal update on the socket.
 */
final class DeliverySample {

    private final Api api;

    private final Tally tally;

    private final Nodes nodes;

    private final Traffic traffic;

    DeliverySample(Api api, Tally tally, Nodes nodes, Traffic traffic) {
        this.api = api;
        this.tally = tally;
        this.nodes = nodes;
        this.traffic = traffic;
    }

    Result run(int[] openIds, String[] tokens, int size, Duration timeout) throws InterruptedException {
        int n = Math.min(size, openIds.length);
        List<CompletableFuture<Client.Sent>> sending = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String token = tokens[openIds[(int) ((long) k * openIds.length / n)]];
            sending.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return LoadClient.submit(this.api, this.tally, token, this.nodes::requestTarget,
                            this.traffic.type(), this.traffic.payload(), System.nanoTime());
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }, Thread.ofVirtual()::start));
        }
        Latency latency = new Latency();
        int accepted = 0;
        int delivered = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<LoadClient.Sent> future : sending) {
            try {
                Client.Sent sent = future.join();
                if (!sent.submission().accepted()) {
                    continue;
                }
                accepted++;
                long left = Math.max(0, deadline - System.nanoTime());
                Completion completion = sent.completion().get(left, TimeUnit.NANOSECONDS);
                latency.recordNanos(completion.totalNanos());
                delivered++;
            }
            catch (TimeoutException | ExecutionException | RuntimeException ex) {
                // not delivered in time: counted by the difference
            }
        }
        return new Result(n, accepted, delivered, latency);
    }

    /**
     * @param sent jobs sent
     * @param accepted of which accepted
     * @param delivered of which the terminal update reached the socket in time
     * @param latency submit to terminal of the delivered ones
     */
    record Result(int sent, int accepted, int delivered, Latency latency) {

    }

}

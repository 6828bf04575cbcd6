package io.backchannel.load.restart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.backchannel.load.Report;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.RetryPolicy;

/**
 * A load generator's run: opens its share of the sockets, says so, reports their moves
 * every {@link #STATUS_EVERY}, and once asked (a line on its standard input, or its end:
 * the process that started it is gone) reports its totals and closes the sockets.
 */
final class GeneratorRun {

    /**
     * Often enough for the starting process's wait for the moved sockets to end on time.
     */
    static final Duration STATUS_EVERY = Duration.ofMillis(200);

    private final URI lb;

    private final int sockets;

    private final int handshakes;

    GeneratorRun(URI lb, int sockets, int handshakes) {
        this.lb = lb;
        this.sockets = sockets;
        this.handshakes = handshakes;
    }

    Report run() throws Exception {
        CompletableFuture<Void> asked = askedForTotals();
        try (Api api = Api.create(RetryPolicy.defaults());
                SocketShare share = SocketShare.open(api, this.lb, this.sockets, this.handshakes)) {
            emit(share.ready());
            ScheduledExecutorService status = Executors
                .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("status").factory());
            status.scheduleAtFixedRate(() -> emit(share.status()), 0, STATUS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            asked.join();
            status.shutdownNow();
            // The totals come last: no status line may follow them.
            status.awaitTermination(10, TimeUnit.SECONDS);
            emit(share.totals());
        }
        return new Report("restart-sockets");
    }

    private static void emit(ShareLine line) {
        // println holds the stream's lock: a protocol line is never split by other
        // output.
        System.out.println(ShareLines.encode(line));
    }

    /** Done at the first line on standard input, or at its end. */
    private static CompletableFuture<Void> askedForTotals() {
        CompletableFuture<Void> asked = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("stdin").start(() -> {
            try {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            catch (IOException ex) {
                // an unreadable input counts as its end
            }
            asked.complete(null);
        });
        return asked;
    }

}

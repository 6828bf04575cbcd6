package io.backchannel.load.report;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prints a line every few seconds while a scenario runs, prefixed with the seconds since
 * it started.
 */
public final class Progress implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors
        .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("progress").factory());

    private final long start = System.nanoTime();

    private Progress() {
    }

    public static Progress every(Duration interval, Supplier<String> line) {
        Progress progress = new Progress();
        long millis = Math.max(100, interval.toMillis());
        progress.timer.scheduleAtFixedRate(() -> {
            try {
                progress.print(line.get());
            }
            catch (RuntimeException ex) {
                progress.print("(progress line failed: " + ex + ")");
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return progress;
    }

    /** Prints a line now, with the same prefix. */
    public void print(String line) {
        System.out.printf("[%6.1fs] %s%n", (System.nanoTime() - this.start) / 1e9, line);
    }

    @Override
    public void close() {
        this.timer.shutdownNow();
    }

}

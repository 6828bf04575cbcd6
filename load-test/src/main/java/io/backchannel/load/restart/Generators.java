package io.backchannel.load.restart;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The load generators of a restart run besides the process that runs it (which holds
 * share 0 itself): started, waited for, summed up, and never left behind: a shutdown hook
 * kills them if this process exits first, and each ends by itself when its standard input
 * does, as it does when this process is killed outright.
 */
final class Generators implements AutoCloseable {

    private final List<GeneratorProcess> processes;

    private final Thread reaper;

    Generators(List<GeneratorProcess> processes) {
        this.processes = processes;
        this.reaper = new Thread(() -> processes.forEach(GeneratorProcess::destroy), "generator-reaper");
        Runtime.getRuntime().addShutdownHook(this.reaper);
    }

    /**
     * Starts the processes of shares 1 to {@code generators - 1} of {@code sockets}, each
     * opening its share through {@code lb}, {@code handshakes} at a time.
     */
    static Generators start(URI lb, int sockets, int generators, int handshakes) throws IOException {
        List<GeneratorProcess> started = new ArrayList<>();
        try {
            for (int i = 1; i < generators; i++) {
                String name = "gen-" + (i + 1);
                GeneratorProcess process = GeneratorProcess.start(name,
                        GeneratorCommand.of(List.of("restart-sockets", "--lb=" + frontDoor(lb, i),
                                "--sockets=" + share(sockets, generators, i), "--handshakes=" + handshakes)));
                System.out.printf("%s: pid %d, %d sockets%n", name, process.pid(), share(sockets, generators, i));
                started.add(process);
            }
        }
        catch (IOException | RuntimeException ex) {
            started.forEach(GeneratorProcess::destroy);
            throw ex;
        }
        return new Generators(List.copyOf(started));
    }

    /**
     * The front door share {@code index} opens its sockets through: {@code lb} with its
     * host moved up by {@code index} where it is a loopback address (127.0.0.1,
     * 127.0.0.2, ...), where the launcher's nginx listens too beyond 25,000 sockets. One
     * client host reaches one address and port over its ephemeral ports, about 28,000 on
     * Linux; the nginx's own connections to the nodes need theirs as well, so the shares
     * do not bind source addresses (a bound port is taken for every peer) but reach other
     * addresses.
     */
    static URI frontDoor(URI lb, int index) {
        String host = lb.getHost();
        if (index == 0 || host == null || !host.matches("127\\.\\d+\\.\\d+\\.\\d+")) {
            return lb;
        }
        int dot = host.lastIndexOf('.');
        int last = Integer.parseInt(host.substring(dot + 1)) + index;
        if (last > 254) {
            throw new IllegalArgumentException("no loopback address for generator " + (index + 1) + " after " + host);
        }
        return URI.create(lb.getScheme() + "://" + host.substring(0, dot + 1) + last + ":" + lb.getPort()
                + ((lb.getRawPath() != null) ? lb.getRawPath() : ""));
    }

    /**
     * Share {@code index} of {@code sockets} split over {@code generators}, the first
     * ones taking the rest.
     */
    static int share(int sockets, int generators, int index) {
        return sockets / generators + ((index < sockets % generators) ? 1 : 0);
    }

    /**
     * Waits until every generator's sockets are open.
     * @throws IllegalStateException when one ended first, or they took longer than
     * {@code timeout}
     */
    List<ShareLine.Ready> awaitReady(Duration timeout) throws InterruptedException {
        awaitAll(GeneratorProcess::ready, timeout, "to open their sockets");
        return this.processes.stream().map((p) -> p.ready().join()).toList();
    }

    /**
     * Waits {@code duration}, or less: throws as soon as a generator ends before its
     * totals.
     */
    void watch(Duration duration) throws InterruptedException {
        try {
            anyGone().get(duration.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            return;
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException(ex.getCause());
        }
        check();
    }

    /**
     * @throws IllegalStateException when a generator ended before its totals
     */
    void check() {
        for (GeneratorProcess process : this.processes) {
            String why = process.gone().getNow(null);
            if (why != null) {
                throw new IllegalStateException(why);
            }
        }
    }

    /** Their last status lines, added up. */
    ShareLine.Status status() {
        ShareLine.Status sum = new ShareLine.Status(0, 0, 0, 0);
        for (GeneratorProcess process : this.processes) {
            sum = sum.plus(process.status());
        }
        return sum;
    }

    /**
     * Asks each for its totals and waits for them.
     * @throws IllegalStateException when one ended first, or they took longer than
     * {@code timeout}
     */
    List<ShareLine.Totals> totals(Duration timeout) throws InterruptedException {
        this.processes.forEach(GeneratorProcess::askForTotals);
        awaitAll(GeneratorProcess::totals, timeout, "to report their totals");
        return this.processes.stream().map((p) -> p.totals().join()).toList();
    }

    int size() {
        return this.processes.size();
    }

    private void awaitAll(Function<GeneratorProcess, CompletableFuture<?>> what, Duration timeout, String doing)
            throws InterruptedException {
        CompletableFuture<?> all = CompletableFuture
            .allOf(this.processes.stream().map(what).toArray(CompletableFuture[]::new));
        try {
            CompletableFuture.anyOf(all, anyGone()).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("the load generators took longer than " + timeout + " " + doing);
        }
        catch (ExecutionException ex) {
            // A failed future is a generator gone: check() names it.
        }
        check();
    }

    /** Done with the first generator to end before its totals; never if none does. */
    private CompletableFuture<Object> anyGone() {
        return CompletableFuture
            .anyOf(this.processes.stream().map(GeneratorProcess::gone).toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() throws InterruptedException {
        // Closing sockets takes a moment: all are told before any is waited for.
        this.processes.forEach(GeneratorProcess::endInput);
        for (GeneratorProcess process : this.processes) {
            process.awaitExit(Duration.ofSeconds(30));
        }
        try {
            Runtime.getRuntime().removeShutdownHook(this.reaper);
        }
        catch (IllegalStateException ex) {
            // This JVM is shutting down: the hook runs anyway, and finds them gone.
        }
    }

}

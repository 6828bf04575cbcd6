package io.backchannel.load.restart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One load generator seen from the process that started it: its standard output read as
 * {@link ShareLines}, its other output passed on with its name before each line, and its
 * end before its totals noticed.
 */
final class GeneratorProcess {

    private final String name;

    private final Process process;

    private final Writer input;

    private final CompletableFuture<ShareLine.Ready> ready = new CompletableFuture<>();

    private final CompletableFuture<ShareLine.Totals> totals = new CompletableFuture<>();

    /** Why it is gone before its totals, once it is. */
    private final CompletableFuture<String> gone = new CompletableFuture<>();

    private volatile ShareLine.Status status = new ShareLine.Status(0, 0, 0, 0);

    private GeneratorProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static GeneratorProcess start(String name, List<String> command) throws IOException {
        GeneratorProcess generator = new GeneratorProcess(name, new ProcessBuilder(command).start());
        Thread.ofPlatform().daemon().name(name + "-out").start(generator::readOutput);
        Thread.ofPlatform()
            .daemon()
            .name(name + "-err")
            .start(() -> generator.passOn(generator.process.getErrorStream(), System.err));
        return generator;
    }

    String name() {
        return this.name;
    }

    long pid() {
        return this.process.pid();
    }

    /** Done once its sockets are open; failed if it ends first. */
    CompletableFuture<ShareLine.Ready> ready() {
        return this.ready;
    }

    /** Done once it reported its totals; failed if it ends first. */
    CompletableFuture<ShareLine.Totals> totals() {
        return this.totals;
    }

    /** Done, with the reason, if it ended or broke the protocol before its totals. */
    CompletableFuture<String> gone() {
        return this.gone;
    }

    /** Its last status line (all zero before the first). */
    ShareLine.Status status() {
        return this.status;
    }

    /** Asks for its totals, after which it closes its sockets and exits. */
    void askForTotals() {
        try {
            this.input.write("totals\n");
            this.input.flush();
        }
        catch (IOException ex) {
            // It is gone; its output's end says so.
        }
    }

    /** Closes its standard input: it ends, with its totals if it was not asked yet. */
    void endInput() {
        try {
            this.input.close();
        }
        catch (IOException ex) {
            // It is gone already.
        }
    }

    /** Waits up to {@code timeout} for it to exit, then kills it. */
    void awaitExit(Duration timeout) throws InterruptedException {
        if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            destroy();
        }
    }

    void destroy() {
        this.process.destroyForcibly();
    }

    private void readOutput() {
        try (BufferedReader out = reader(this.process.getInputStream())) {
            String line;
            while ((line = out.readLine()) != null) {
                take(line);
            }
        }
        catch (IOException ex) {
            // Its output ended: handled below as its end.
        }
        ended();
    }

    private void take(String line) {
        Optional<ShareLine> decoded;
        try {
            decoded = ShareLines.decode(line);
        }
        catch (IllegalArgumentException ex) {
            fail(this.name + " (pid " + pid() + ") broke the protocol: " + ex.getMessage());
            destroy();
            return;
        }
        if (decoded.isEmpty()) {
            System.out.println(this.name + " | " + line);
            return;
        }
        switch (decoded.get()) {
            case ShareLine.Ready sharesReady -> this.ready.complete(sharesReady);
            case ShareLine.Status sharesStatus -> this.status = sharesStatus;
            case ShareLine.Totals sharesTotals -> this.totals.complete(sharesTotals);
        }
    }

    private void ended() {
        String code;
        try {
            code = this.process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(this.process.exitValue()) : "unknown";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            code = "unknown";
        }
        fail(this.name + " (pid " + pid() + ") exited with code " + code + " before "
                + (this.ready.isDone() ? "it reported its totals" : "its sockets were open")
                + "; see its output above");
    }

    private void fail(String why) {
        if (this.totals.isDone()) {
            return;
        }
        this.gone.complete(why);
        IllegalStateException failure = new IllegalStateException(why);
        this.ready.completeExceptionally(failure);
        this.totals.completeExceptionally(failure);
    }

    private void passOn(InputStream stream, PrintStream to) {
        try (BufferedReader lines = reader(stream)) {
            String line;
            while ((line = lines.readLine()) != null) {
                to.println(this.name + " | " + line);
            }
        }
        catch (IOException ex) {
            // Its output ended.
        }
    }

    private static BufferedReader reader(InputStream stream) {
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

}

package io.backchannel.faults.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evidence from a worker's log (the launcher's {@code logs/worker-N.log}), read as it
 * grows: the jobs the worker has started and not finished, by correlation id (the first
 * id of the MDC bracket) and job type (from the consumer thread's name). Lets a fault
 * kill a worker while it runs a job, and say how many it cut off.
 */
public final class WorkerLog {

    private static final Pattern JOB = Pattern.compile(
            "\\[\\s*jobs\\.([a-z]+)-\\d+\\] \\[([0-9A-Za-z-]{8,}) [^\\]]*\\] \\S+\\s*: Job (started|succeeded|failed|skipped)");

    private static final Duration POLL = Duration.ofMillis(20);

    private final Path log;

    private final Map<String, String> inHand = new HashMap<>();

    private long position;

    private WorkerLog(Path log) {
        this.log = log;
    }

    /** Reads the log as it is now. */
    public static WorkerLog read(Path log) {
        WorkerLog reader = new WorkerLog(log);
        reader.refresh();
        return reader;
    }

    /** Jobs started and not finished, as far as the log has been read. */
    public int jobsInHand() {
        return this.inHand.size();
    }

    /**
     * Reads on until the worker has a job of {@code type} in hand, at most {@code max}.
     * @return whether it has one
     */
    public boolean awaitJobInHand(String type, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!this.inHand.containsValue(type)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL);
            refresh();
        }
        return true;
    }

    /** Reads what the log has gained since the last read. */
    public void refresh() {
        try (RandomAccessFile file = new RandomAccessFile(this.log.toFile(), "r")) {
            if (file.length() < this.position) {
                this.position = 0;
                this.inHand.clear();
            }
            file.seek(this.position);
            byte[] added = new byte[(int) (file.length() - this.position)];
            file.readFully(added);
            int end = lastNewline(added);
            this.position += end + 1;
            for (String line : new String(added, 0, end + 1, StandardCharsets.UTF_8).split("\n")) {
                apply(line);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + this.log, ex);
        }
    }

    private void apply(String line) {
        Matcher job = JOB.matcher(line);
        if (job.find()) {
            if (job.group(3).equals("started")) {
                this.inHand.put(job.group(2), job.group(1));
            }
            else {
                this.inHand.remove(job.group(2));
            }
        }
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

}

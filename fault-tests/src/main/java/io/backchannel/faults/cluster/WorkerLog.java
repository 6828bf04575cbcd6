package io.backchannel.faults.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Evidence from a worker's log (the launcher's {@code logs/worker-N.log}): the jobs it
 * had started and not finished, by their correlation id (the first id of the MDC
 * bracket). Read right after the worker was killed, it tells how many jobs the kill cut
 * off in the middle.
 */
public final class WorkerLog {

    private static final Pattern JOB = Pattern
        .compile("\\[([0-9A-Za-z-]{8,}) [^\\]]*\\] \\S+\\s*: Job (started|succeeded|failed|skipped)");

    private WorkerLog() {
    }

    public static int jobsInHand(Path log) {
        Set<String> inHand = new HashSet<>();
        try (Stream<String> lines = Files.lines(log)) {
            lines.forEach((line) -> {
                Matcher job = JOB.matcher(line);
                if (job.find()) {
                    if (job.group(2).equals("started")) {
                        inHand.add(job.group(1));
                    }
                    else {
                        inHand.remove(job.group(1));
                    }
                }
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + log, ex);
        }
        return inHand.size();
    }

}

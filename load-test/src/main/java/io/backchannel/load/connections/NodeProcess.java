package io.backchannel.load.connections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web node's JVM seen from outside, on Linux: its live heap after a full GC (through
 * {@code jcmd <pid> GC.class_histogram}, which collects first and then counts what is
 * live), its resident memory and its file descriptors ({@code /proc/<pid>}).
 */
final class NodeProcess {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    private static final Pattern ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");

    private static final Pattern NOFILE = Pattern.compile("(?m)^Max open files\\s+(\\d+|unlimited)");

    private final long pid;

    NodeProcess(long pid) {
        this.pid = pid;
    }

    long pid() {
        return this.pid;
    }

    boolean alive() {
        return Files.isDirectory(Path.of("/proc/" + this.pid));
    }

    /** Forces a full GC and counts the live heap, with the classes that take most. */
    LiveHeap liveHeap() throws IOException, InterruptedException {
        return parseHistogram(jcmd("GC.class_histogram"));
    }

    /** Its command line, arguments separated by spaces; empty when it is gone. */
    String commandLine() {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + this.pid + "/cmdline")), StandardCharsets.UTF_8)
                .replace('\0', ' ');
        }
        catch (IOException ex) {
            return "";
        }
    }

    long rssBytes() throws IOException {
        return kibToBytes(RSS, Files.readString(Path.of("/proc/" + this.pid + "/status")));
    }

    long openFiles() throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + this.pid + "/fd"))) {
            return fds.count();
        }
    }

    /** The soft limit on open files, or Long.MAX_VALUE when unlimited. */
    long openFilesLimit() throws IOException {
        return parseNofile(Files.readString(Path.of("/proc/" + this.pid + "/limits")));
    }

    /**
     * The histogram's total without filler objects ({@code jdk.internal.vm.FillerElement}
     * arrays, {@code FillerObject}): dead space that the collector left in place rather
     * than compact it away (the Serial collector's full GC keeps up to 5 % of the old
     * generation as dead wood, {@code MarkSweepDeadRatio}), which no object refers to.
     */
    static LiveHeap parseHistogram(String histogram) {
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException("no Total line in the class histogram");
        }
        long bytes = Long.parseLong(total.group(2));
        long instances = Long.parseLong(total.group(1));
        List<ClassUsage> top = new ArrayList<>();
        Matcher row = ROW.matcher(histogram);
        while (row.find()) {
            ClassUsage usage = new ClassUsage(row.group(3), Long.parseLong(row.group(1)), Long.parseLong(row.group(2)));
            if (isFiller(usage.name())) {
                bytes -= usage.bytes();
                instances -= usage.instances();
            }
            else if (top.size() < 100) {
                top.add(usage);
            }
        }
        return new LiveHeap(bytes, instances, top);
    }

    private static boolean isFiller(String className) {
        return className.startsWith("[Ljdk.internal.vm.FillerElement;")
                || className.startsWith("jdk.internal.vm.Filler");
    }

    static long parseNofile(String limits) {
        Matcher m = NOFILE.matcher(limits);
        if (!m.find()) {
            throw new IllegalStateException("no 'Max open files' in limits");
        }
        return "unlimited".equals(m.group(1)) ? Long.MAX_VALUE : Long.parseLong(m.group(1));
    }

    private static long kibToBytes(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                Long.toString(this.pid), command)
            .redirectErrorStream(true)
            .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("jcmd " + this.pid + " " + command + " failed: "
                    + new String(output, StandardCharsets.UTF_8).strip());
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /**
     * The live heap.
     *
     * @param bytes live bytes after a full GC
     * @param instances live objects
     * @param top the classes with the most bytes, largest first
     */
    record LiveHeap(long bytes, long instances, List<ClassUsage> top) {

    }

    record ClassUsage(String name, long instances, long bytes) {

    }

}

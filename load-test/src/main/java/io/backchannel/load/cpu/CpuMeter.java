package io.backchannel.load.cpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.backchannel.load.Report;
import io.backchannel.load.report.Table;

/**
 * Measures the CPU time (user + system, all threads) of named groups of processes over a
 * window: {@code /proc/PID/stat}'s utime and stime, in clock ticks ({@code getconf
 * CLK_TCK}), read right at the window's start and end. This load generator is always
 * measured too, as {@code driver}. Divided by the jobs completed in the window, it gives
 * the CPU each process spends per job, the warm-up before the window left out.
 */
public final class CpuMeter {

    /** The group this process is measured as. */
    public static final String DRIVER = "driver";

    private static final Path PROC = Path.of("/proc");

    private final Groups groups;

    private final Path proc;

    private final long ticksPerSecond;

    CpuMeter(Groups groups, Path proc, long ticksPerSecond) {
        this.groups = groups.with(DRIVER, ProcessHandle.current().pid());
        this.proc = proc;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** A meter of {@code groups} and this process, on this machine's /proc. */
    public static CpuMeter of(Groups groups) {
        return new CpuMeter(groups, PROC, clockTicks());
    }

    /**
     * Starts a thread that samples at {@code fromNanos} and again at {@code toNanos}
     * ({@link System#nanoTime} values).
     */
    public Window window(long fromNanos, long toNanos) {
        Window window = new Window();
        Thread.ofPlatform().daemon().name("cpu-meter").start(() -> {
            parkUntil(fromNanos);
            window.begin = sample();
            window.begunAt = System.nanoTime();
            parkUntil(toNanos);
            window.end = sample();
            window.endedAt = System.nanoTime();
            window.done.countDown();
        });
        return window;
    }

    /** The groups measured, this process ({@link #DRIVER}) included. */
    Groups groups() {
        return this.groups;
    }

    /**
     * Ticks of each group now; a group with a process that cannot be read maps to null.
     */
    Map<String, Long> sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        this.groups.pids().forEach((name, pids) -> {
            long sum = 0;
            for (long pid : pids) {
                try {
                    sum += ticks(Files.readString(this.proc.resolve(Long.toString(pid)).resolve("stat"),
                            StandardCharsets.US_ASCII));
                }
                catch (IOException | RuntimeException ex) {
                    ticks.put(name, null);
                    return;
                }
            }
            ticks.put(name, sum);
        });
        return ticks;
    }

    /**
     * utime + stime (fields 14 and 15) of a {@code /proc/PID/stat} line. The command name
     * (field 2, in parentheses) may hold spaces and parentheses, so fields are counted
     * after its last ')'.
     */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return (getconf.waitFor() == 0) ? Long.parseLong(out) : 100;
        }
        catch (IOException | NumberFormatException ex) {
            return 100;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static void parkUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** One measured window, sampled by its own thread. */
    public final class Window {

        private final CountDownLatch done = new CountDownLatch(1);

        private volatile Map<String, Long> begin;

        private volatile Map<String, Long> end;

        private volatile long begunAt;

        private volatile long endedAt;

        /**
         * The CPU spent per job, once the window has ended (waits at most
         * {@code maxWaitMillis} for it).
         * @param jobs the jobs completed in the window
         * @return null when the window did not end in time
         */
        public Usage usage(long jobs, long maxWaitMillis) throws InterruptedException {
            if (!this.done.await(maxWaitMillis, TimeUnit.MILLISECONDS)) {
                return null;
            }
            return Usage.of(this.begin, this.end, (this.endedAt - this.begunAt) / 1e9, jobs,
                    CpuMeter.this.ticksPerSecond, CpuMeter.this.groups);
        }

    }

    /**
     * Named groups of processes.
     *
     * @param pids each group's PIDs, in the order given
     */
    public record Groups(Map<String, List<Long>> pids) {

        public Groups {
            pids = Collections.unmodifiableMap(new LinkedHashMap<>(pids));
        }

        public static Groups none() {
            return new Groups(Map.of());
        }

        /**
         * {@code web:101+102+103,workers:201+202,rabbitmq:301}: groups separated by
         * commas, each a name, a colon and its PIDs separated by '+'.
         * @throws IllegalArgumentException saying what is wrong
         */
        public static Groups parse(String text) {
            Map<String, List<Long>> pids = new LinkedHashMap<>();
            for (String group : text.split(",")) {
                if (group.isBlank()) {
                    continue;
                }
                int colon = group.indexOf(':');
                String name = (colon < 0) ? "" : group.substring(0, colon).trim();
                if (name.isEmpty() || name.equals(DRIVER) || pids.containsKey(name)) {
                    throw new IllegalArgumentException("name:pid+pid,... with distinct names other than '" + DRIVER
                            + "' (at '" + group.trim() + "')");
                }
                List<Long> list = new ArrayList<>();
                for (String pid : group.substring(colon + 1).split("\\+")) {
                    if (!pid.trim().matches("[1-9]\\d*")) {
                        throw new IllegalArgumentException("a PID, not '" + pid.trim() + "' (in group " + name + ")");
                    }
                    list.add(Long.parseLong(pid.trim()));
                }
                pids.put(name, List.copyOf(list));
            }
            return new Groups(pids);
        }

        Groups with(String name, long pid) {
            Map<String, List<Long>> more = new LinkedHashMap<>(this.pids);
            more.put(name, List.of(pid));
            return new Groups(more);
        }

    }

    /**
     * CPU over a window.
     *
     * @param seconds the window's length
     * @param jobs jobs completed in it
     * @param cpuSeconds CPU seconds of each group (null where a process could not be
     * read)
     * @param msPerJob CPU milliseconds per job of each group, and of them all as
     * {@code all} (null where unknown, or when no job completed)
     * @param pids the processes of each group
     */
    public record Usage(double seconds, long jobs, Map<String, Double> cpuSeconds, Map<String, Double> msPerJob,
            Map<String, List<Long>> pids) {

        /** The name of the sum of every group. */
        public static final String ALL = "all";

        static Usage of(Map<String, Long> begin, Map<String, Long> end, double seconds, long jobs, long ticksPerSecond,
                Groups groups) {
            Map<String, Double> cpu = new LinkedHashMap<>();
            Map<String, Double> perJob = new LinkedHashMap<>();
            double all = 0;
            boolean complete = true;
            for (String name : groups.pids().keySet()) {
                Long before = begin.get(name);
                Long after = end.get(name);
                Double used = (before != null && after != null) ? (after - before) / (double) ticksPerSecond : null;
                cpu.put(name, used);
                perJob.put(name, perJob(used, jobs));
                complete &= used != null;
                all += (used != null) ? used : 0;
            }
            perJob.put(ALL, complete ? perJob(all, jobs) : null);
            return new Usage(seconds, jobs, cpu, perJob, groups.pids());
        }

        /** Adds the figure {@code cpu} and a table to {@code report}. */
        public void addTo(Report report) {
            report.figure("cpu", this);
            Table table = new Table("CPU per job", "pids", "cpu s", "ms/job");
            this.cpuSeconds
                .forEach((name, used) -> table.row(name, this.pids.get(name).size(), used, this.msPerJob.get(name)));
            table.row(ALL, null, null, this.msPerJob.get(ALL));
            report.table(String.format("CPU (utime+stime from /proc) over the measured window: %.1f s, %d jobs%n",
                    this.seconds, this.jobs) + table);
            if (this.cpuSeconds.containsValue(null)) {
                report.note("CPU: a process could not be read at the start or the end of the window (gone?): "
                        + this.cpuSeconds);
            }
        }

        private static Double perJob(Double seconds, long jobs) {
            return (seconds == null || jobs == 0) ? null : Math.round(seconds * 1000 / jobs * 10000) / 10000.0;
        }

    }

}

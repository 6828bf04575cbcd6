package io.backchannel.load.connections;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backchannel.load.cpu.CpuMeter;

/**
 * The CPU each measured group of processes spent while one step's sockets were idle, as a
 * share of one core and per socket. CPU is counted in clock ticks (usually 10 ms), so a
 * short window or a few sockets leave the figures coarse.
 *
 * @param seconds the window's length
 * @param sockets open sockets at the window's end
 * @param groups each group's figures, in the order of {@code --cpu}, {@code driver} last
 */
record IdleCpu(double seconds, int sockets, Map<String, Group> groups) {

    /**
     * How far into an idle period the window starts: the handshakes' tail (hello timers,
     * presence writes) still runs in its first moments and is no cost of an idle socket.
     * A short {@code --idle} keeps half of it measured.
     */
    static Duration lead(Duration idle) {
        Duration half = idle.dividedBy(2);
        return (half.compareTo(Duration.ofSeconds(1)) < 0) ? half : Duration.ofSeconds(1);
    }

    /**
     * The figures of {@code usage}, a window over which {@code sockets} sockets idled.
     */
    static IdleCpu of(CpuMeter.Usage usage, int sockets) {
        Map<String, Group> groups = new LinkedHashMap<>();
        usage.cpuSeconds()
            .forEach((name, cpu) -> groups.put(name, Group.of(usage.pids().get(name), cpu, usage.seconds(), sockets)));
        return new IdleCpu(usage.seconds(), sockets, groups);
    }

    /** Whether a process could not be read at the window's start or end. */
    boolean incomplete() {
        return this.groups.values().stream().anyMatch((group) -> group.cpuSeconds() == null);
    }

    /**
     * One group's CPU while the sockets idled; each figure null where unknown (a process
     * could not be read, an empty window, no socket open).
     *
     * @param pids the group's processes
     * @param cpuSeconds utime + stime over the window
     * @param percentOfCore cpu seconds / window seconds, in percent of one core
     * @param microsPerSocketSecond cpu seconds / window seconds / open sockets, in µs
     */
    record Group(List<Long> pids, Double cpuSeconds, Double percentOfCore, Double microsPerSocketSecond) {

        static Group of(List<Long> pids, Double cpuSeconds, double seconds, int sockets) {
            Double cores = (cpuSeconds != null && seconds > 0) ? cpuSeconds / seconds : null;
            Double perSocket = (cores != null && sockets > 0) ? cores / sockets * 1e6 : null;
            return new Group(pids, cpuSeconds, round((cores != null) ? cores * 100 : null), round(perSocket));
        }

        // Ticks divided by a measured window give long tails of digits that are noise.
        private static Double round(Double value) {
            return (value != null) ? Math.round(value * 10000) / 10000.0 : null;
        }

    }

}

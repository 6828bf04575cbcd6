package io.backchannel.load.connections;

import java.util.List;
import java.util.StringJoiner;

import io.backchannel.load.Report;
import io.backchannel.load.connections.ConnectionsScenario.Settings;
import io.backchannel.load.connections.NodeProcess.ClassUsage;
import io.backchannel.load.report.Table;

/**
 * The connections scenario's findings as lines, a table and figures.
 */
final class ConnectionsReport {

    private static final double MIB = 1024 * 1024;

    private ConnectionsReport() {
    }

    static String describe(StepResult step) {
        String memory = (step.liveHeapBytes() != null) ? String.format(
                "live heap %.1f MiB (%.2f KiB/socket), RSS %.1f MiB (%.2f KiB/socket)", step.liveHeapBytes() / MIB,
                step.heapPerSocketKiB(), step.rssBytes() / MIB, step.rssPerSocketKiB()) : "heap not measured";
        return String.format("%d sockets open: %s; sample %d/%d delivered; %s", step.open(), memory,
                step.sampleDelivered(), step.sampleSent(), describe(step.idleCpu()));
    }

    /**
     * {@code idle CPU over 9.0 s: node 1.20 % of a core (1.20 us/socket/s), driver ...}.
     */
    static String describe(IdleCpu idle) {
        if (idle == null) {
            return "idle CPU not measured";
        }
        StringJoiner groups = new StringJoiner(", ", String.format("idle CPU over %.1f s: ", idle.seconds()), "");
        idle.groups()
            .forEach((name, group) -> groups.add(String.format("%s %s %% of a core (%s us/socket/s)", name,
                    Table.format(group.percentOfCore()), Table.format(group.microsPerSocketSecond()))));
        return groups.toString();
    }

    static Report build(Report report, Settings settings, NodeProcess node, HeapMeter meter, List<StepResult> steps) {
        report.figure("node", settings.node().toString())
            .figure("pid", (node != null) ? node.pid() : null)
            .figure("baselineLiveHeapBytes", (meter.baseHeap() != null) ? meter.baseHeap().bytes() : null)
            .figure("baselineRssBytes", (meter.baseRss() >= 0) ? meter.baseRss() : null)
            .figure("steps", steps);
        Table table = new Table("sockets", "open", "failed", "dropped", "open s", "heap MiB", "KiB/socket", "RSS MiB",
                "RSS KiB/socket", "sample ok", "sample p50 ms");
        for (StepResult s : steps) {
            table.row(s.sockets(), s.open(), s.failed(), s.dropped(), s.secondsToOpen(), mib(s.liveHeapBytes()),
                    s.heapPerSocketKiB(), mib(s.rssBytes()), s.rssPerSocketKiB(),
                    s.sampleDelivered() + "/" + s.sampleSent(), s.sampleP50Ms());
        }
        report.table("idle sockets on " + settings.node() + " (heap = live bytes after a full GC; per socket ="
                + " growth over the baseline / open sockets)\n" + table);
        idleCpu(report, settings, steps);
        if (meter.problem() != null) {
            report.note(meter.problem());
        }
        if (steps.isEmpty()) {
            report.fail("no step was measured");
            return report;
        }
        StepResult last = steps.get(steps.size() - 1);
        if (!last.heapGrowth().isEmpty()) {
            Table growth = new Table("grew most since the baseline", "instances", "KiB", "bytes/socket");
            for (ClassUsage c : last.heapGrowth()) {
                growth.row(c.name(), c.instances(), c.bytes() / 1024.0, c.bytes() / (double) Math.max(1, last.open()));
            }
            report.table(growth.toString());
        }
        for (StepResult s : steps) {
            if (s.sampleDelivered() < s.sampleSent()) {
                report.fail(String.format("at %d sockets only %d of %d sampled jobs reached their socket", s.sockets(),
                        s.sampleDelivered(), s.sampleSent()));
            }
            if (s.open() < s.sockets()) {
                report.note(String.format(
                        "at %d sockets only %d opened: see 'problems' in the results file; past"
                                + " 8192 a node needs -Dserver.tomcat.max-connections in JAVA_OPTS",
                        s.sockets(), s.open()));
            }
        }
        if (last.heapPerSocketKiB() != null) {
            boolean met = last.heapPerSocketKiB() <= ConnectionsScenario.TARGET_HEAP_KIB_PER_SOCKET;
            report.figure("targetMet", met);
            report.note(String.format(
                    "target: <= %.0f KiB heap per socket at 50,000 sockets: %s at %d sockets" + " (%.2f KiB)",
                    ConnectionsScenario.TARGET_HEAP_KIB_PER_SOCKET, met ? "met" : "NOT met", last.open(),
                    last.heapPerSocketKiB()));
        }
        return report;
    }

    /**
     * The table "CPU while idle": each step's groups, the figures are in each step's
     * idleCpu.
     */
    private static void idleCpu(Report report, Settings settings, List<StepResult> steps) {
        Table table = new Table("CPU while idle", "sockets", "open", "window s", "pids", "cpu s", "% of a core",
                "us/socket/s");
        for (StepResult s : steps) {
            IdleCpu idle = s.idleCpu();
            if (idle == null) {
                report.note(String.format("idle CPU at %d sockets: the window's last sample did not come in time",
                        s.sockets()));
                continue;
            }
            idle.groups()
                .forEach((name, group) -> table.row(name, s.sockets(), idle.sockets(), idle.seconds(),
                        group.pids().size(), group.cpuSeconds(), group.percentOfCore(), group.microsPerSocketSecond()));
            if (idle.incomplete()) {
                report.note(String.format("idle CPU at %d sockets: a process could not be read at the start or the"
                        + " end of the window (gone?): %s", s.sockets(), describe(idle)));
            }
        }
        report.table(String.format("idle sockets' CPU (utime+stime from /proc, in clock ticks) from %.1f s into each"
                + " step's idle period to its end; %% of a core = cpu s / window s; per socket = that / open"
                + " sockets%n", IdleCpu.lead(settings.idle()).toMillis() / 1e3) + table);
    }

    private static Double mib(Long bytes) {
        return (bytes != null) ? bytes / MIB : null;
    }

}

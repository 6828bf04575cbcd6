package io.backchannel.load.connections;

import java.util.List;

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
        return String.format("%d sockets open: %s; sample %d/%d delivered", step.open(), memory, step.sampleDelivered(),
                step.sampleSent());
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

    private static Double mib(Long bytes) {
        return (bytes != null) ? bytes / MIB : null;
    }

}

package io.backchannel.load.connections;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.backchannel.load.connections.NodeProcess.ClassUsage;
import io.backchannel.load.connections.NodeProcess.LiveHeap;
import io.backchannel.load.rawws.SocketPool;

/**
 * Measures the node at the baseline (no sockets of ours) and at each step, and works out
 * the cost per socket. Without a node process it measures nothing and says why once.
 */
final class HeapMeter {

    private final NodeProcess node;

    private LiveHeap baseHeap;

    private long baseRss = -1;

    private String problem;

    HeapMeter(NodeProcess node) {
        this.node = node;
    }

    LiveHeap baseHeap() {
        return this.baseHeap;
    }

    long baseRss() {
        return this.baseRss;
    }

    /** Why heap or RSS are missing, or null. */
    String problem() {
        return this.problem;
    }

    void baseline() throws InterruptedException {
        if (usable()) {
            try {
                this.baseHeap = this.node.liveHeap();
                this.baseRss = this.node.rssBytes();
            }
            catch (IOException | RuntimeException ex) {
                this.problem = "cannot measure the node (pid " + this.node.pid() + "): " + ex.getMessage();
            }
        }
    }

    StepResult measure(int sockets, SocketPool.Counts counts, double seconds, DeliverySample.Result sample,
            IdleCpu idleCpu) throws InterruptedException {
        Long heap = null;
        Double heapPer = null;
        Long rss = null;
        Double rssPer = null;
        Long files = null;
        List<ClassUsage> growth = List.of();
        if (this.baseHeap != null && usable()) {
            try {
                LiveHeap live = this.node.liveHeap();
                heap = live.bytes();
                rss = this.node.rssBytes();
                files = this.node.openFiles();
                int open = Math.max(1, counts.open());
                heapPer = (heap - this.baseHeap.bytes()) / 1024.0 / open;
                rssPer = (rss - this.baseRss) / 1024.0 / open;
                growth = growth(this.baseHeap, live);
            }
            catch (IOException | RuntimeException ex) {
                this.problem = "cannot measure the node (pid " + this.node.pid() + "): " + ex.getMessage();
            }
        }
        return new StepResult(sockets, counts.open(), counts.failed(), counts.dropped(), seconds, heap, heapPer, rss,
                rssPer, files, sample.sent(), sample.delivered(), nullIfNaN(sample.latency().percentile(50)),
                nullIfNaN(sample.latency().max()), growth, idleCpu);
    }

    private boolean usable() {
        if (this.node == null) {
            return false;
        }
        if (!this.node.alive()) {
            this.problem = "the node process " + this.node.pid() + " is not running";
            return false;
        }
        return true;
    }

    /** The eight classes whose live bytes grew most. */
    static List<ClassUsage> growth(LiveHeap before, LiveHeap after) {
        Map<String, ClassUsage> base = new HashMap<>();
        before.top().forEach((c) -> base.put(c.name(), c));
        return after.top().stream().map((c) -> {
            ClassUsage was = base.get(c.name());
            return (was != null) ? new ClassUsage(c.name(), c.instances() - was.instances(), c.bytes() - was.bytes())
                    : c;
        }).sorted(Comparator.comparingLong(ClassUsage::bytes).reversed()).limit(8).toList();
    }

    private static Double nullIfNaN(double value) {
        return Double.isNaN(value) ? null : value;
    }

}

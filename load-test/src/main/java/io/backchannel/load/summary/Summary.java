package io.backchannel.load.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.backchannel.load.Report;
import io.backchannel.load.report.Table;
import tools.jackson.databind.JsonNode;

/**
 * Our figures next to the references and targets of docs/performance.md.
 */
final class Summary {

    static final double TARGET_THROUGHPUT_RATIO = 0.35;

    private final Map<String, JsonNode> results;

    private final Double perfTest;

    private final Double redis;

    private final List<Line> lines = new ArrayList<>();

    private Summary(Map<String, JsonNode> results, Double perfTest, Double redis) {
        this.results = results;
        this.perfTest = perfTest;
        this.redis = redis;
    }

    static Summary of(Map<String, JsonNode> results, Double perfTest, Double redis) {
        Summary summary = new Summary(results, perfTest, redis);
        summary.build();
        return summary;
    }

    List<Line> lines() {
        return this.lines;
    }

    private void build() {
        Double jobs = number("throughput", "jobsPerSecond");
        Double ratio = ratio(jobs, this.perfTest);
        add("end-to-end throughput, jobs/s", jobs, "PerfTest msg/s", this.perfTest, ratio,
                ">= " + TARGET_THROUGHPUT_RATIO + " x PerfTest",
                (ratio != null) ? ratio >= TARGET_THROUGHPUT_RATIO : null);
        Double rate = number("latency", "rate");
        String at = (rate != null) ? " at " + Math.round(rate) + "/s" : "";
        Double p50 = number("latency", "submitToTerminal", "p50Ms");
        Double p99 = number("latency", "submitToTerminal", "p99Ms");
        add("submit->terminal p50 ms" + at, p50, null, null, null, "<= 5 at 1000/s", (p50 != null) ? p50 <= 5 : null);
        add("submit->terminal p99 ms" + at, p99, null, null, null, "<= 30 at 1000/s", (p99 != null) ? p99 <= 30 : null);
        double lost = 0;
        double duplicates = 0;
        boolean counted = false;
        for (String scenario : List.of("throughput", "latency", "cross-node")) {
            Double l = number(scenario, "tally", "lost");
            Double d = number(scenario, "tally", "duplicateTerminals");
            if (l != null && d != null) {
                lost += l;
                duplicates += d;
                counted = true;
            }
        }
        add("lost jobs (all traffic scenarios)", counted ? lost : null, null, null, null, "0",
                counted ? lost == 0 : null);
        add("duplicate terminals (all)", counted ? duplicates : null, null, null, null, "0",
                counted ? duplicates == 0 : null);
        add("deliveries over the backplane, %", number("cross-node", "terminalsByVia", "backplane", "sharePercent"),
                null, null, null, null, null);
        add("backplane PUBLISH->receipt p50 ms", number("cross-node", "backplaneLatency", "p50Ms"), null, null, null,
                null, null);
        Double messages = number("cross-node", "backplaneLatency", "messages");
        Double seconds = number("cross-node", "seconds");
        Double perSecond = (messages != null && seconds != null && seconds > 0) ? messages / seconds : null;
        add("backplane messages/s (cross-node run)", perSecond, "redis PUBLISH/s", this.redis,
                ratio(perSecond, this.redis), null, null);
        StepFigures last = lastStep();
        add("heap per idle socket, KiB" + ((last != null) ? " at " + last.open + " sockets" : ""),
                (last != null) ? last.heap : null, null, null, null, "<= 10 at 50000",
                (last != null && last.heap != null) ? last.heap <= 10 : null);
        add("RSS per idle socket, KiB", (last != null) ? last.rss : null, null, null, null, null, null);
    }

    Report report(Report report) {
        Table table = new Table("figure", "ours", "reference", "theirs", "ratio", "target", "met");
        for (Line line : this.lines) {
            table.row(line.figure(), line.ours(), line.reference(), line.theirs(), line.ratio(), line.target(),
                    (line.met() == null) ? null : (line.met() ? "yes" : "NO"));
        }
        report.figure("perfTestRate", this.perfTest)
            .figure("redisPublishRate", this.redis)
            .figure("scenarios", List.copyOf(this.results.keySet()))
            .figure("lines", this.lines)
            .table(table.toString());
        this.results.forEach((scenario, result) -> {
            if (result.path("passed").isBoolean() && !result.path("passed").asBoolean()) {
                report.fail(scenario + " failed: " + result.path("failures"));
            }
        });
        for (String scenario : List.of("throughput", "latency", "cross-node", "connections")) {
            if (!this.results.containsKey(scenario)) {
                report.note("no results of '" + scenario + "'");
            }
        }
        return report;
    }

    private void add(String figure, Double ours, String reference, Double theirs, Double ratio, String target,
            Boolean met) {
        this.lines.add(new Line(figure, round(ours), reference, round(theirs), round(ratio), target, met));
    }

    private Double number(String scenario, String... path) {
        JsonNode node = this.results.get(scenario);
        if (node == null) {
            return null;
        }
        node = node.path("figures");
        for (String step : path) {
            node = node.path(step);
        }
        return node.isNumber() ? node.asDouble() : null;
    }

    private StepFigures lastStep() {
        JsonNode result = this.results.get("connections");
        if (result == null || result.path("figures").path("steps").isEmpty()) {
            return null;
        }
        JsonNode steps = result.path("figures").path("steps");
        JsonNode last = steps.get(steps.size() - 1);
        return new StepFigures(last.path("open").asInt(),
                last.path("heapPerSocketKiB").isNumber() ? last.path("heapPerSocketKiB").asDouble() : null,
                last.path("rssPerSocketKiB").isNumber() ? last.path("rssPerSocketKiB").asDouble() : null);
    }

    private static Double ratio(Double ours, Double theirs) {
        return (ours != null && theirs != null && theirs > 0) ? ours / theirs : null;
    }

    private static Double round(Double value) {
        return (value == null) ? null : Math.round(value * 1000) / 1000.0;
    }

    record Line(String figure, Double ours, String reference, Double theirs, Double ratio, String target, Boolean met) {

    }

    private record StepFigures(int open, Double heap, Double rss) {

    }

}

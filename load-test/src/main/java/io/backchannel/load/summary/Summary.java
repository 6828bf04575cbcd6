package io.backchannel.load.summary;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.backchannel.load.Report;
import io.backchannel.load.SystemUnderTest;
import io.backchannel.load.Targets;
import io.backchannel.load.cpu.CpuMeter;
import io.backchannel.load.report.Table;
import tools.jackson.databind.JsonNode;

/**
 * Backchannel's figures next to the baseline's (the hand-built Socket.IO stack measured
 * on the same machine in the same run), with their ratio, and against the targets of
 * docs/performance.md; the broker's and Redis' own rates as references.
 */
final class Summary {

    /**
     * Added to a system's name for its runs whose requests went over the clients' own
     * sockets ({@code --submit-over=socket}), not HTTP.
     */
    static final String SOCKET_SUFFIX = "-socket";

    private static final String HTTP_BC = SystemUnderTest.BACKCHANNEL.wire();

    private static final String BASE = SystemUnderTest.BASELINE.wire();

    /** The CPU groups in the order of the table, with their names there. */
    private static final Map<String, String> GROUPS = Map.of("web", "web nodes", "workers", "workers", "rabbitmq",
            "RabbitMQ", "redis", "Redis", "nginx", "nginx", CpuMeter.DRIVER, "load generator");

    private static final List<String> GROUP_ORDER = List.of("web", "workers", "rabbitmq", "redis", "nginx",
            CpuMeter.DRIVER);

    private final Map<String, JsonNode> results;

    /**
     * Whose figures stand in the Backchannel column: its runs over HTTP, or over sockets.
     */
    private final String ours;

    private final Double perfTest;

    private final Double redis;

    private final List<Line> lines = new ArrayList<>();

    private Summary(Map<String, JsonNode> results, String backchannel, Double perfTest, Double redis) {
        this.results = results;
        this.ours = backchannel;
        this.perfTest = perfTest;
        this.redis = redis;
    }

    /**
     * @param results results files by {@link SummaryScenario#key}
     * @param perfTest PerfTest's single-queue rate, or null
     * @param redis redis-benchmark's PUBLISH rate, or null
     */
    static Summary of(Map<String, JsonNode> results, Double perfTest, Double redis) {
        return of(results, HTTP_BC, perfTest, redis);
    }

    /** The same, with Backchannel's runs whose requests went over its sockets. */
    static Summary overSockets(Map<String, JsonNode> results, Double perfTest, Double redis) {
        return of(results, HTTP_BC + SOCKET_SUFFIX, perfTest, redis);
    }

    private static Summary of(Map<String, JsonNode> results, String backchannel, Double perfTest, Double redis) {
        Summary summary = new Summary(results, backchannel, perfTest, redis);
        summary.build();
        return summary;
    }

    /**
     * The report of a whole run: Backchannel over HTTP against the baseline, then, when
     * the run has them, Backchannel with requests over its sockets against the same
     * baseline.
     */
    static Report report(Map<String, JsonNode> results, Double perfTest, Double redis, Report report) {
        of(results, perfTest, redis).report(report);
        if (results.keySet().stream().anyMatch((key) -> key.startsWith(HTTP_BC + SOCKET_SUFFIX + "/"))) {
            overSockets(results, perfTest, redis).report(report);
        }
        return report;
    }

    private boolean overSockets() {
        return this.ours.endsWith(SOCKET_SUFFIX);
    }

    List<Line> lines() {
        return this.lines;
    }

    private void build() {
        throughput();
        cpu();
        latency();
        delivery();
        if (!overSockets()) {
            sockets();
        }
    }

    private void throughput() {
        Double ours = number(this.ours, "throughput", "jobsPerSecond");
        Double theirs = number(BASE, "throughput", "jobsPerSecond");
        Double ratio = ratio(ours, theirs);
        add("end-to-end throughput, jobs/s", ours, theirs, ratio,
                ">= " + Targets.THROUGHPUT_VS_BASELINE + " x baseline",
                (ratio != null) ? ratio >= Targets.THROUGHPUT_VS_BASELINE : null);
        if (this.perfTest != null) {
            Double share = ratio(ours, this.perfTest);
            add("  as a share of PerfTest's " + Table.format(this.perfTest) + " msg/s (single queue)", share,
                    ratio(theirs, this.perfTest), null, ">= " + Targets.THROUGHPUT_VS_PERFTEST,
                    (share != null) ? share >= Targets.THROUGHPUT_VS_PERFTEST : null);
        }
    }

    private void cpu() {
        Double ours = number(this.ours, "throughput", "cpu", "msPerJob", CpuMeter.Usage.ALL);
        Double theirs = number(BASE, "throughput", "cpu", "msPerJob", CpuMeter.Usage.ALL);
        add("CPU per job in the throughput run, ms, all processes", ours, theirs, ratio(ours, theirs),
                "<= " + Targets.CPU_PER_JOB_MS, (ours != null) ? ours <= Targets.CPU_PER_JOB_MS : null);
        Set<String> groups = new LinkedHashSet<>(GROUP_ORDER);
        groups.addAll(names(this.ours, "throughput", "cpu", "msPerJob"));
        groups.addAll(names(BASE, "throughput", "cpu", "msPerJob"));
        groups.remove(CpuMeter.Usage.ALL);
        for (String group : groups) {
            Double bc = number(this.ours, "throughput", "cpu", "msPerJob", group);
            Double base = number(BASE, "throughput", "cpu", "msPerJob", group);
            if (bc == null && base == null) {
                continue;
            }
            boolean rabbit = group.equals("rabbitmq");
            add("  " + GROUPS.getOrDefault(group, group), bc, base, ratio(bc, base),
                    rabbit ? "<= " + Targets.RABBITMQ_CPU_PER_JOB_MS : null,
                    (rabbit && bc != null) ? bc <= Targets.RABBITMQ_CPU_PER_JOB_MS : null);
        }
    }

    private void latency() {
        Set<Double> rates = new TreeSet<>();
        this.results.forEach((key, result) -> {
            if ("latency".equals(result.path("scenario").asString(null))
                    && result.path("figures").path("rate").isNumber()) {
                rates.add(result.path("figures").path("rate").asDouble());
            }
        });
        for (double rate : rates) {
            String scenario = SummaryScenario.latencyKey(rate);
            Targets.LatencyTarget target = Targets.latencyAt(rate).orElse(null);
            for (String percentile : List.of("p50", "p99")) {
                Double ours = number(this.ours, scenario, "submitToTerminal", percentile + "Ms");
                Double theirs = number(BASE, scenario, "submitToTerminal", percentile + "Ms");
                Double limit = (target == null) ? null : percentile.equals("p50") ? target.p50Ms() : target.p99Ms();
                add("submit->terminal " + percentile + " ms at " + Table.format(rate) + " jobs/s", ours, theirs,
                        ratio(ours, theirs), (limit != null) ? "<= " + Table.format(limit) : null,
                        (limit != null && ours != null) ? ours <= limit : null);
            }
            Double ours = number(this.ours, scenario, "cpu", "msPerJob", CpuMeter.Usage.ALL);
            Double theirs = number(BASE, scenario, "cpu", "msPerJob", CpuMeter.Usage.ALL);
            addIfAny("  CPU per job at " + Table.format(rate) + " jobs/s, ms, all processes", ours, theirs,
                    ratio(ours, theirs), null, null);
        }
    }

    private void delivery() {
        for (String count : List.of("lost", "duplicateTerminals")) {
            Double ours = tallySum(this.ours, count);
            Double theirs = tallySum(BASE, count);
            add(count.equals("lost") ? "lost jobs, every traffic scenario" : "duplicate terminal updates, every one",
                    ours, theirs, null, "0", (ours != null) ? ours == 0 : null);
        }
        addIfAny("deliveries by another node than the reply's consumer, %",
                number(this.ours, "cross-node", "terminalsByVia", "backplane", "sharePercent"),
                number(BASE, "cross-node", "terminalsByVia", "backplane", "sharePercent"), null, null, null);
        addIfAny("backplane PUBLISH->receipt p50 ms (nodes' metrics)",
                number(this.ours, "cross-node", "backplaneLatency", "p50Ms"), null, null, null, null);
        Double messages = number(this.ours, "cross-node", "backplaneLatency", "messages");
        Double seconds = number(this.ours, "cross-node", "seconds");
        Double perSecond = (messages != null && seconds != null && seconds > 0) ? messages / seconds : null;
        addIfAny("backplane messages/s in cross-node"
                + ((this.redis != null) ? " (redis-benchmark: " + Table.format(this.redis) + " PUBLISH/s)" : ""),
                perSecond, null, null, null, null);
    }

    private void sockets() {
        StepFigures last = lastStep();
        if (last == null) {
            return;
        }
        add("heap per idle socket, KiB, at " + last.open + " sockets (Backchannel only)", last.heap, null, null,
                "<= " + Table.format(Targets.HEAP_PER_SOCKET_KIB),
                (last.heap != null) ? last.heap <= Targets.HEAP_PER_SOCKET_KIB : null);
        add("RSS per idle socket, KiB", last.rss, null, null, null, null);
    }

    Report report(Report report) {
        Table table = new Table("figure", overSockets() ? "Backchannel (socket)" : "Backchannel", "baseline", "ratio",
                "target (Backchannel)", "met");
        for (Line line : this.lines) {
            table.row(line.figure(), line.backchannel(), line.baseline(), line.ratio(), line.target(),
                    (line.met() == null) ? null : (line.met() ? "yes" : "NO"));
        }
        if (overSockets()) {
            report.figure("socketLines", this.lines)
                .table("Backchannel with requests sent over its clients' sockets (submit frames) against the same"
                        + " baseline, whose requests are HTTP POSTs (ratio: Backchannel / baseline)\n" + table);
            return report;
        }
        report.figure("perfTestRate", this.perfTest)
            .figure("redisPublishRate", this.redis)
            .figure("results", List.copyOf(this.results.keySet()))
            .figure("lines", this.lines)
            .table("Backchannel, requests over HTTP, against the hand-built Socket.IO baseline (ratio: Backchannel /"
                    + " baseline)\n" + table);
        this.results.forEach((key, result) -> {
            if (result.path("passed").isBoolean() && !result.path("passed").asBoolean()) {
                report.fail(key + " failed: " + result.path("failures"));
            }
        });
        for (String scenario : List.of("throughput", "latency", "cross-node", "connections")) {
            if (!has(this.ours, scenario)) {
                report.note("no results of Backchannel's '" + scenario + "'");
            }
        }
        if (this.results.keySet().stream().noneMatch((key) -> key.startsWith(BASE + "/"))) {
            report.note("no results of the baseline: no ratios");
        }
        return report;
    }

    private boolean has(String system, String scenario) {
        return this.results.keySet()
            .stream()
            .anyMatch((key) -> key.equals(system + "/" + scenario) || key.startsWith(system + "/" + scenario + "@"));
    }

    private void add(String figure, Double backchannel, Double baseline, Double ratio, String target, Boolean met) {
        this.lines.add(new Line(figure, round(backchannel), round(baseline), round(ratio), target, met));
    }

    /** A row only when either system has a value (the scenario ran). */
    private void addIfAny(String figure, Double backchannel, Double baseline, Double ratio, String target,
            Boolean met) {
        if (backchannel != null || baseline != null) {
            add(figure, backchannel, baseline, ratio, target, met);
        }
    }

    private Double tallySum(String system, String count) {
        double sum = 0;
        boolean counted = false;
        for (Map.Entry<String, JsonNode> entry : this.results.entrySet()) {
            String scenario = entry.getValue().path("scenario").asString("");
            JsonNode value = entry.getValue().path("figures").path("tally").path(count);
            if (entry.getKey().startsWith(system + "/") && !scenario.equals("connections") && value.isNumber()) {
                sum += value.asDouble();
                counted = true;
            }
        }
        return counted ? sum : null;
    }

    private JsonNode node(String system, String scenario, String... path) {
        JsonNode node = this.results.get(system + "/" + scenario);
        if (node == null) {
            return null;
        }
        node = node.path("figures");
        for (String step : path) {
            node = node.path(step);
        }
        return node;
    }

    private Double number(String system, String scenario, String... path) {
        JsonNode node = node(system, scenario, path);
        return (node != null && node.isNumber()) ? node.asDouble() : null;
    }

    private Set<String> names(String system, String scenario, String... path) {
        JsonNode node = node(system, scenario, path);
        return (node != null && node.isObject()) ? new LinkedHashSet<>(node.propertyNames()) : Set.of();
    }

    private StepFigures lastStep() {
        JsonNode result = this.results.get(HTTP_BC + "/connections");
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

    /**
     * One row of the table.
     *
     * @param figure what it is
     * @param backchannel Backchannel's value, or null
     * @param baseline the baseline's value, or null
     * @param ratio Backchannel's over the baseline's, where it means something
     * @param target Backchannel's target, or null
     * @param met whether Backchannel met it, or null
     */
    record Line(String figure, Double backchannel, Double baseline, Double ratio, String target, Boolean met) {

    }

    private record StepFigures(int open, Double heap, Double rss) {

    }

}

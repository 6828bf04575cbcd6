package io.backchannel.load.summary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import io.backchannel.load.Report;
import io.backchannel.load.summary.Summary.Line;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryTests {

    @TempDir
    Path dir;

    @Test
    void backchannel_isSetAgainstTheBaseline_theTargets_andPerfTest() throws Exception {
        write("throughput.json", """
                {"scenario":"throughput","system":"backchannel","passed":true,"figures":{"jobsPerSecond":600.0,
                 "cpu":{"msPerJob":{"web":0.5,"rabbitmq":0.5,"driver":0.1,"all":1.1}},
                 "tally":{"lost":0,"duplicateTerminals":0}}}""", 1);
        write("baseline-throughput.json", """
                {"scenario":"throughput","system":"baseline","passed":true,"figures":{"jobsPerSecond":1000.0,
                 "cpu":{"msPerJob":{"web":0.3,"rabbitmq":0.4,"driver":0.1,"all":0.8}},
                 "tally":{"lost":0,"duplicateTerminals":0}}}""", 2);
        write("latency-100.json", """
                {"scenario":"latency","system":"backchannel","passed":true,"figures":{"rate":100,
                 "submitToTerminal":{"p50Ms":2.5,"p99Ms":9.0},"cpu":{"msPerJob":{"all":3.0}},
                 "tally":{"lost":0,"duplicateTerminals":0}}}""", 3);
        write("baseline-latency-100.json", """
                {"scenario":"latency","system":"baseline","passed":true,"figures":{"rate":100,
                 "submitToTerminal":{"p50Ms":2.0,"p99Ms":6.0},"tally":{"lost":2,"duplicateTerminals":0}}}""", 4);
        write("latency-400.json", """
                {"scenario":"latency","passed":false,"failures":["1 lost"],"figures":{"rate":400,
                 "submitToTerminal":{"p50Ms":4.0,"p99Ms":14.0},"tally":{"lost":1,"duplicateTerminals":0}}}""", 5);
        Map<String, JsonNode> results = SummaryScenario.newest(this.dir);
        assertThat(results).containsOnlyKeys("backchannel/throughput", "baseline/throughput", "backchannel/latency@100",
                "baseline/latency@100", "backchannel/latency@400");

        Summary summary = Summary.of(results, 6000.0, 50000.0);
        assertThat(line(summary, "end-to-end throughput")).satisfies((l) -> {
            assertThat(l.backchannel()).isEqualTo(600.0);
            assertThat(l.baseline()).isEqualTo(1000.0);
            assertThat(l.ratio()).isEqualTo(0.6);
            assertThat(l.met()).isTrue();
        });
        assertThat(line(summary, "  as a share of PerfTest").backchannel()).isEqualTo(0.1);
        assertThat(line(summary, "  as a share of PerfTest").met()).isFalse();
        assertThat(line(summary, "CPU per job").ratio()).isEqualTo(1.375);
        assertThat(line(summary, "CPU per job").met()).isTrue();
        assertThat(line(summary, "  RabbitMQ").met()).isFalse();
        assertThat(line(summary, "  web nodes").baseline()).isEqualTo(0.3);
        assertThat(line(summary, "  load generator").backchannel()).isEqualTo(0.1);
        assertThat(summary.lines()).noneMatch((l) -> l.figure().equals("  workers"));
        assertThat(line(summary, "submit->terminal p50 ms at 100").met()).isTrue();
        assertThat(line(summary, "submit->terminal p99 ms at 100").met()).isFalse();
        assertThat(line(summary, "  CPU per job at 100 jobs/s").backchannel()).isEqualTo(3.0);
        assertThat(summary.lines()).noneMatch((l) -> l.figure().startsWith("  CPU per job at 400"));
        assertThat(line(summary, "submit->terminal p50 ms at 400").target()).isNull();
        assertThat(line(summary, "submit->terminal p99 ms at 400").met()).isTrue();
        assertThat(line(summary, "lost jobs")).satisfies((l) -> {
            assertThat(l.backchannel()).isEqualTo(1.0);
            assertThat(l.baseline()).isEqualTo(2.0);
            assertThat(l.met()).isFalse();
        });

        Report report = summary.report(new Report("summary"));
        assertThat(report.failures()).singleElement().asString().startsWith("backchannel/latency@400 failed");
        assertThat(report.notes()).anyMatch((n) -> n.contains("cross-node"));
        assertThat(report.tables()).singleElement().asString().contains("Backchannel", "baseline", "ratio");
    }

    @Test
    void runsWithRequestsOverSockets_getATableOfTheirOwn_againstTheSameBaseline() throws Exception {
        write("throughput.json", """
                {"scenario":"throughput","system":"backchannel","submitOver":"http","figures":{"jobsPerSecond":400.0,
                 "tally":{"lost":0,"duplicateTerminals":0}}}""", 1);
        write("throughput-socket.json", """
                {"scenario":"throughput","system":"backchannel","submitOver":"socket","figures":{"jobsPerSecond":800.0,
                 "tally":{"lost":0,"duplicateTerminals":1}}}""", 2);
        write("baseline-throughput.json", """
                {"scenario":"throughput","system":"baseline","submitOver":"http","figures":{"jobsPerSecond":1000.0,
                 "tally":{"lost":0,"duplicateTerminals":0}}}""", 3);
        Map<String, JsonNode> results = SummaryScenario.newest(this.dir);
        assertThat(results).containsOnlyKeys("backchannel/throughput", "backchannel-socket/throughput",
                "baseline/throughput");

        assertThat(line(Summary.of(results, null, null), "end-to-end throughput").ratio()).isEqualTo(0.4);
        Summary sockets = Summary.overSockets(results, null, null);
        assertThat(line(sockets, "end-to-end throughput")).satisfies((l) -> {
            assertThat(l.backchannel()).isEqualTo(800.0);
            assertThat(l.ratio()).isEqualTo(0.8);
            assertThat(l.met()).isTrue();
        });
        assertThat(line(sockets, "duplicate terminal updates").met()).isFalse();
        Report report = Summary.report(results, null, null, new Report("summary"));
        assertThat(report.tables()).hasSize(2);
        assertThat(report.tables().get(1)).asString().contains("Backchannel (socket)", "over its clients' sockets");
    }

    @Test
    void withoutTheBaseline_thereAreNoRatios_andItSaysSo() throws Exception {
        write("throughput.json", "{\"scenario\":\"throughput\",\"figures\":{\"jobsPerSecond\":100}}", 1);
        Summary summary = Summary.of(SummaryScenario.newest(this.dir), null, null);
        assertThat(line(summary, "end-to-end throughput").ratio()).isNull();
        assertThat(line(summary, "end-to-end throughput").met()).isNull();
        assertThat(summary.lines()).noneMatch((l) -> l.figure().contains("PerfTest"));
        assertThat(summary.lines()).noneMatch((l) -> l.figure().contains("per idle socket"));
        assertThat(summary.lines()).noneMatch((l) -> l.figure().contains("backplane"));
        assertThat(summary.report(new Report("summary")).notes())
            .anyMatch((n) -> n.contains("no results of the baseline"));
    }

    @Test
    void newest_keepsTheLatestFileOfEachScenario() throws Exception {
        write("throughput-old.json", "{\"scenario\":\"throughput\",\"figures\":{\"jobsPerSecond\":1}}", 1);
        write("throughput-new.json", "{\"scenario\":\"throughput\",\"figures\":{\"jobsPerSecond\":2}}", 2);
        write("summary.json", "{\"scenario\":\"summary\"}", 3);
        Map<String, JsonNode> results = SummaryScenario.newest(this.dir);
        assertThat(results).containsOnlyKeys("backchannel/throughput");
        assertThat(results.get("backchannel/throughput").path("figures").path("jobsPerSecond").asInt()).isEqualTo(2);
    }

    private void write(String name, String json, long second) throws Exception {
        Path file = this.dir.resolve(name);
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L + second * 1000));
    }

    private static Line line(Summary summary, String prefix) {
        return summary.lines().stream().filter((l) -> l.figure().startsWith(prefix)).findFirst().orElseThrow();
    }

}

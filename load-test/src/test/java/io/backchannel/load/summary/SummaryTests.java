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
    void throughput_isSetAgainstPerfTest_andTheTargetRatio() throws Exception {
        write("throughput-1.json", """
                {"scenario":"throughput","passed":true,"figures":{"jobsPerSecond":1400.0,
                 "tally":{"lost":0,"duplicateTerminals":0}}}""", 1);
        write("latency-1.json", """
                {"scenario":"latency","passed":false,"failures":["1 lost"],"figures":{"rate":1000,
                 "submitToTerminal":{"p50Ms":3.2,"p99Ms":41.0},"tally":{"lost":1,"duplicateTerminals":0}}}""", 2);
        Map<String, JsonNode> results = SummaryScenario.newest(this.dir);
        Summary summary = Summary.of(results, 4000.0, 50000.0);
        assertThat(line(summary, "end-to-end throughput")).satisfies((l) -> {
            assertThat(l.ratio()).isEqualTo(0.35);
            assertThat(l.met()).isTrue();
        });
        assertThat(line(summary, "submit->terminal p50").met()).isTrue();
        assertThat(line(summary, "submit->terminal p99").met()).isFalse();
        assertThat(line(summary, "lost jobs").ours()).isEqualTo(1.0);
        Report report = summary.report(new Report("summary"));
        assertThat(report.failures()).singleElement().asString().startsWith("latency failed");
        assertThat(report.notes()).anyMatch((n) -> n.contains("cross-node"));
    }

    @Test
    void newest_keepsTheLatestFileOfEachScenario() throws Exception {
        write("throughput-old.json", "{\"scenario\":\"throughput\",\"figures\":{\"jobsPerSecond\":1}}", 1);
        write("throughput-new.json", "{\"scenario\":\"throughput\",\"figures\":{\"jobsPerSecond\":2}}", 2);
        write("summary.json", "{\"scenario\":\"summary\"}", 3);
        Map<String, JsonNode> results = SummaryScenario.newest(this.dir);
        assertThat(results).containsOnlyKeys("throughput");
        assertThat(results.get("throughput").path("figures").path("jobsPerSecond").asInt()).isEqualTo(2);
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

package io.backchannel.load.summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.backchannel.contracts.json.Json;
import io.backchannel.load.Args;
import io.backchannel.load.Common;
import io.backchannel.load.Report;
import io.backchannel.load.Scenario;
import io.backchannel.load.SystemUnderTest;
import io.backchannel.load.UsageException;
import io.backchannel.load.report.Table;
import tools.jackson.databind.JsonNode;

/**
 * {@code summary}: reads the newest results file of each scenario of each system in a
 * directory (of each rate, for latency) and sets Backchannel's figures against the
 * baseline's, against the targets, and against the reference rates measured on the same
 * machine (RabbitMQ PerfTest, redis-benchmark). Sends no traffic.
 */
public final class SummaryScenario implements Scenario {

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String summary() {
        return "Backchannel against the baseline, the targets and PerfTest's and redis-benchmark's rates (no traffic)";
    }

    @Override
    public String help() {
        return """
                  --dir=DIR                  where the scenarios' results files are (default load-test/target/results)
                  --perftest-rate=N          RabbitMQ PerfTest's receive rate, msg/s, single queue, same broker
                  --redis-publish-rate=N     redis-benchmark's PUBLISH rate, requests/s, same Redis
                """;
    }

    @Override
    public Run configure(Args args, Common common) {
        Path dir = Path.of(args.string("dir", "load-test/target/results"));
        Double perfTest = args.has("perftest-rate") ? args.number("perftest-rate", 1) : null;
        Double redis = args.has("redis-publish-rate") ? args.number("redis-publish-rate", 1) : null;
        return () -> Summary.report(newest(dir), perfTest, redis, new Report("summary"));
    }

    /** The newest results file of each scenario in {@code dir}, by {@link #key}. */
    static Map<String, JsonNode> newest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new UsageException("no results directory " + dir.toAbsolutePath());
        }
        Map<String, JsonNode> newest = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter((f) -> f.toString().endsWith(".json"))
                .sorted(Comparator.comparing(SummaryScenario::modified))
                .toList();
            for (Path file : sorted) {
                JsonNode result = Json.mapper().readTree(file.toFile());
                if (result.hasNonNull("scenario") && !"summary".equals(result.get("scenario").asString())) {
                    newest.put(key(result), result);
                }
            }
        }
        return newest;
    }

    /**
     * {@code system/scenario} of a results file ({@code backchannel} when it names no
     * system), with {@code @rate} for latency: {@code baseline/latency@400}.
     */
    static String key(JsonNode result) {
        String system = result.path("system").asString(SystemUnderTest.BACKCHANNEL.wire());
        if ("socket".equals(result.path("submitOver").asString(null))) {
            system = system + Summary.SOCKET_SUFFIX;
        }
        String scenario = result.get("scenario").asString();
        JsonNode rate = result.path("figures").path("rate");
        if (scenario.equals("latency") && rate.isNumber()) {
            scenario = latencyKey(rate.asDouble());
        }
        return system + "/" + scenario;
    }

    /** The scenario part of a latency run's key at {@code rate}: {@code latency@100}. */
    static String latencyKey(double rate) {
        return "latency@" + Table.format(rate);
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        }
        catch (IOException ex) {
            return 0;
        }
    }

}

package io.backchannel.load;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backchannel.contracts.json.Json;
import io.backchannel.load.connections.ConnectionsScenario;
import io.backchannel.load.crossnode.CrossNodeScenario;
import io.backchannel.load.latency.LatencyScenario;
import io.backchannel.load.restart.RestartScenario;
import io.backchannel.load.restart.RestartSocketsScenario;
import io.backchannel.load.summary.SummaryScenario;
import io.backchannel.load.throughput.ThroughputScenario;

/**
 * {@code java -jar load-test.jar <scenario> [--option=value ...]}: runs one scenario
 * against a running cluster, prints its tables, and writes its results file. Exit codes:
 * 0 done, 1 jobs lost or duplicated (or nothing measured), 2 bad command line, 3 the run
 * could not be carried out (cluster not answering...).
 */
public final class LoadTest {

    private static final List<Scenario> SCENARIOS = List.of(new ThroughputScenario(), new LatencyScenario(),
            new CrossNodeScenario(), new ConnectionsScenario(), new RestartScenario(), new SummaryScenario(),
            new RestartSocketsScenario());

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneOffset.UTC);

    private LoadTest() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String... argv) {
        Scenario scenario = null;
        try {
            Args args = Args.parse(argv);
            if (args.command() == null || List.of("help", "-h", "--help").contains(args.command())) {
                System.out.print(usage());
                return (args.command() == null) ? 2 : 0;
            }
            scenario = find(args.command());
            if (args.flag("help")) {
                System.out.print(help(scenario));
                return 0;
            }
            Common common = Common.from(args);
            Scenario.Run run = scenario.configure(args, common);
            args.rejectUnread();
            Instant started = Instant.now();
            System.out.printf("== %s %s%n", scenario.name(), args.given());
            Report report = run.run();
            if (scenario.internal()) {
                report.failures().forEach((failure) -> System.err.println("FAILED: " + failure));
                return report.failures().isEmpty() ? 0 : 1;
            }
            Path file = write(report, args, common, started);
            print(report, file);
            return report.failures().isEmpty() ? 0 : 1;
        }
        catch (UsageException ex) {
            System.err.println("error: " + ex.getMessage());
            System.err.print((scenario != null) ? help(scenario) : usage());
            return 2;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            System.err.println("interrupted");
            return 3;
        }
        catch (Exception ex) {
            System.err.println("error: the run could not be carried out: " + ex);
            return 3;
        }
    }

    private static Scenario find(String name) {
        return SCENARIOS.stream()
            .filter((s) -> s.name().equals(name))
            .findFirst()
            .orElseThrow(() -> new UsageException("no scenario '" + name + "'"));
    }

    static String usage() {
        StringBuilder out = new StringBuilder(
                "usage: java -jar load-test/target/load-test-*.jar <scenario> [--option=value ...]\n\nscenarios:\n");
        SCENARIOS.stream()
            .filter((s) -> !s.internal())
            .forEach((s) -> out.append(String.format("  %-12s %s%n", s.name(), s.summary())));
        return out.append("\n<scenario> --help lists its options. Common options:\n").append(Common.HELP).toString();
    }

    static String help(Scenario scenario) {
        return scenario.name() + ": " + scenario.summary() + "\n\noptions:\n" + scenario.help() + Common.HELP;
    }

    private static Path write(Report report, Args args, Common common, Instant started) throws IOException {
        Path file = (common.out() != null) ? common.out()
                : resultsDir().resolve(report.scenario() + "-" + STAMP.format(started) + ".json");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", report.scenario());
        result.put("system", common.system().wire());
        result.put("submitOver", common.submitOver().name().toLowerCase(java.util.Locale.ROOT));
        result.put("startedAt", started.toString());
        result.put("finishedAt", Instant.now().toString());
        result.put("options", args.given());
        result.put("passed", report.failures().isEmpty());
        result.put("failures", report.failures());
        result.put("notes", report.notes());
        result.put("figures", report.figures());
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        return file;
    }

    /**
     * {@code results/} beside the jar (load-test/target/results when run from the build),
     * else load-test/target/results under the working directory.
     */
    static Path resultsDir() {
        try {
            Path code = Path.of(LoadTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")) {
                return target.resolve("results");
            }
        }
        catch (URISyntaxException | RuntimeException ex) {
            // fall through
        }
        return Path.of("load-test", "target", "results");
    }

    private static void print(Report report, Path file) {
        System.out.println();
        report.tables().forEach((table) -> System.out.println(table));
        report.notes().forEach((note) -> System.out.println("note: " + note));
        report.failures().forEach((failure) -> System.out.println("FAILED: " + failure));
        System.out.println("results: " + file.toAbsolutePath().normalize());
        System.out.println(report.failures().isEmpty() ? "== " + report.scenario() + " passed"
                : "== " + report.scenario() + " FAILED");
    }

}

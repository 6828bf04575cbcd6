package io.backchannel.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.backchannel.deploy.DeployFiles.ROOT;
import static io.backchannel.deploy.DeployFiles.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/grafana/backchannel-dashboard.json: importable anywhere, and every query asks
 * for a series the apps expose, with labels that series has.
 */
class GrafanaDashboardTest {

    /** Tags Micrometer puts on every meter of both apps. */
    private static final Set<String> COMMON_TAGS = Set.of("application", "node");

    /**
     * The apps' own series, as Prometheus names them, with their tags beyond the common
     * ones.
     */
    private static final Map<String, Set<String>> BACKCHANNEL_SERIES = backchannelSeries();

    /** Prefixes of the Spring Boot, JVM and Spring AMQP series the dashboard may use. */
    private static final List<String> STANDARD_PREFIXES = List.of("http_server_requests_seconds",
            "jvm_memory_used_bytes", "process_cpu_usage", "rabbitmq_", "spring_rabbit_listener_seconds");

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");

    private static final Pattern LABEL = Pattern.compile("(\\w+)\\s*(?:=~|!~|!=|=)");

    private static final Pattern GROUPING = Pattern.compile("by \\(([^)]*)\\)[^{]*?\\b([a-z_][a-z0-9_]*)\\{");

    /**
     * How the apps name their meters: Counter/Timer/Gauge.builder("...") or a
     * counter("...") helper.
     */
    private static final Pattern METER_NAME = Pattern
        .compile("(?:builder|counter|timer|gauge)\\(\\s*\"(backchannel\\.[a-z.]+)\"");

    private final JsonNode dashboard = JsonMapper.shared()
        .readTree(read(ROOT.resolve("deploy/grafana/backchannel-dashboard.json")));

    @Test
    void dashboard_hasAUidATitle_andVariablesForDataSourceApplicationAndNode() {
        assertThat(this.dashboard.path("uid").asString()).isNotBlank();
        assertThat(this.dashboard.path("title").asString()).isNotBlank();
        List<String> variables = new ArrayList<>();
        for (JsonNode variable : this.dashboard.path("templating").path("list")) {
            variables.add(variable.path("name").asString());
            if (variable.path("name").asString().equals("datasource")) {
                assertThat(variable.path("type").asString()).isEqualTo("datasource");
                assertThat(variable.path("query").asString()).isEqualTo("prometheus");
            }
        }
        assertThat(variables).contains("datasource", "application", "node");
    }

    @Test
    void everyPanel_queriesAKnownSeries_throughTheDataSourceVariable() {
        List<JsonNode> panels = panels();
        assertThat(panels).hasSizeGreaterThan(10);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asString();
            assertThat(panel.path("datasource").path("uid").asString()).as("data source of %s", title)
                .isEqualTo("${datasource}");
            assertThat(panel.path("targets").values()).as("targets of %s", title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                assertThat(series(expr)).as("series in %s: %s", title, expr)
                    .isNotEmpty()
                    .allSatisfy((name) -> assertThat(isKnown(name)).as("%s is a known series", name).isTrue());
            }
        }
    }

    @Test
    void selectorsAndGroupings_useLabelsTheSeriesHas() {
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString();
                Matcher selector = SELECTOR.matcher(expr);
                while (selector.find()) {
                    Matcher label = LABEL.matcher(selector.group(2));
                    while (label.find()) {
                        assertLabel(selector.group(1), label.group(1), expr);
                    }
                }
                Matcher grouping = GROUPING.matcher(expr);
                while (grouping.find()) {
                    for (String label : grouping.group(1).split(",")) {
                        assertLabel(grouping.group(2), label.strip(), expr);
                    }
                }
            }
        }
    }

    @Test
    void knownSeries_areMetersTheAppsRegister() {
        Set<String> registered = new HashSet<>();
        for (String app : List.of("web-node", "worker-starter", "backend-worker")) {
            for (Path source : javaSources(ROOT.resolve(app).resolve("src/main/java"))) {
                METER_NAME.matcher(read(source))
                    .results()
                    .forEach((match) -> registered.add(match.group(1).replace('.', '_')));
            }
        }
        for (String series : BACKCHANNEL_SERIES.keySet()) {
            String meter = series.replaceFirst("_(bucket|count|sum|max)$", "").replaceFirst("_(total|seconds)$", "");
            assertThat(registered).as("the meter behind %s, in the sources of web-node and the worker", series)
                .contains(meter);
        }
    }

    private static List<Path> javaSources(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter((file) -> file.toString().endsWith(".java")).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void assertLabel(String series, String label, String expr) {
        if (!BACKCHANNEL_SERIES.containsKey(series) || COMMON_TAGS.contains(label)) {
            return;
        }
        Set<String> labels = BACKCHANNEL_SERIES.get(series);
        boolean bucketBound = label.equals("le") && series.endsWith("_bucket");
        assertThat(bucketBound || labels.contains(label)).as("%s has the label %s (in %s)", series, label, expr)
            .isTrue();
    }

    /**
     * The panels that show data: rows left out, panels inside collapsed rows included.
     */
    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : this.dashboard.path("panels")) {
            if (panel.path("type").asString().equals("row")) {
                panel.path("panels").forEach(panels::add);
            }
            else {
                panels.add(panel);
            }
        }
        return panels;
    }

    private static List<String> series(String expr) {
        List<String> names = new ArrayList<>(SELECTOR.matcher(expr).results().map((match) -> match.group(1)).toList());
        // A backchannel_ name without a selector must be known too.
        Pattern.compile("\\bbackchannel_\\w+").matcher(expr).results().forEach((match) -> names.add(match.group()));
        return names;
    }

    private static boolean isKnown(String series) {
        return BACKCHANNEL_SERIES.containsKey(series)
                || (!series.startsWith("backchannel_") && STANDARD_PREFIXES.stream().anyMatch(series::startsWith));
    }

    private static Map<String, Set<String>> backchannelSeries() {
        Map<String, Set<String>> series = new HashMap<>();
        // Web node
        series.put("backchannel_sockets_open", Set.of());
        series.put("backchannel_hellos_total", Set.of("resume"));
        series.put("backchannel_updates_delivered_total", Set.of("via"));
        histogram(series, "backchannel_backplane_latency_seconds", Set.of());
        series.put("backchannel_intake_accepted_total", Set.of("type", "via"));
        series.put("backchannel_intake_repeated_total", Set.of("via"));
        series.put("backchannel_intake_rejected_total", Set.of("reason", "via"));
        series.put("backchannel_replies_total", Set.of("outcome"));
        histogram(series, "backchannel_request_duration_seconds", Set.of("type", "status"));
        // Worker
        series.put("backchannel_worker_jobs_total", Set.of("type", "outcome"));
        series.put("backchannel_worker_retries_total", Set.of("type"));
        series.put("backchannel_worker_dead_lettered_total", Set.of("type", "reason"));
        return Map.copyOf(series);
    }

    private static void histogram(Map<String, Set<String>> series, String name, Set<String> labels) {
        for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
            series.put(name + suffix, labels);
        }
    }

}

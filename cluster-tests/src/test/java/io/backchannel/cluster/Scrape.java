package io.backchannel.cluster;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.DoubleStream;

/**
 * The Prometheus exposition of some nodes, read over HTTP as a scraper would, summed by
 * metric name and tags.
 */
final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    static Scrape of(Collection<Node> nodes) {
        StringBuilder text = new StringBuilder();
        for (Node node : nodes) {
            HttpResponse<String> response = TestClient
                .send(HttpRequest.newBuilder(node.actuator("/actuator/prometheus")).GET().build());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(node.id() + " /actuator/prometheus: " + response.statusCode());
            }
            text.append(response.body()).append('\n');
        }
        return new Scrape(text.toString());
    }

    /** The sum of every sample of {@code name} whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return values(name, labels).sum();
    }

    /** Whether some sample of {@code name} carries every one of {@code labels}. */
    boolean has(String name, Map<String, String> labels) {
        return values(name, labels).findAny().isPresent();
    }

    private DoubleStream values(String name, Map<String, String> labels) {
        return this.text.lines()
            .map(SAMPLE::matcher)
            .filter((sample) -> sample.matches() && sample.group(1).equals(name) && matches(sample.group(3), labels))
            .mapToDouble((sample) -> Double.parseDouble(sample.group(4)));
    }

    private static boolean matches(String given, Map<String, String> wanted) {
        if (wanted.isEmpty()) {
            return true;
        }
        if (given == null) {
            return false;
        }
        Matcher label = LABEL.matcher(given);
        int found = 0;
        while (label.find()) {
            if (label.group(2).equals(wanted.get(label.group(1)))) {
                found++;
            }
        }
        return found == wanted.size();
    }

}

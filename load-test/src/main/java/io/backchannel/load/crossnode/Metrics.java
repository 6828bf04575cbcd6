package io.backchannel.load.crossnode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples of the Prometheus text format ({@code /actuator/prometheus}), parsed just
 * enough to sum counters and histogram buckets: {@code name{label="value",...} number}.
 */
final class Metrics {

    private final List<Sample> samples;

    private Metrics(List<Sample> samples) {
        this.samples = samples;
    }

    static Metrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                Sample sample = sample(line);
                if (sample != null) {
                    samples.add(sample);
                }
            }
        }
        return new Metrics(samples);
    }

    static Metrics empty() {
        return new Metrics(List.of());
    }

    /** Adds up the samples of every node. */
    static Metrics combine(List<Metrics> all) {
        List<Sample> samples = new ArrayList<>();
        all.forEach((m) -> samples.addAll(m.samples));
        return new Metrics(samples);
    }

    /** The sum of every sample named {@code name} (with any labels). */
    double sum(String name) {
        return this.samples.stream().filter((s) -> s.name.equals(name)).mapToDouble(Sample::value).sum();
    }

    /**
     * The sum of the samples named {@code name}, grouped by the value of {@code label}.
     */
    Map<String, Double> sumBy(String name, String label) {
        Map<String, Double> sums = new LinkedHashMap<>();
        this.samples.stream()
            .filter((s) -> s.name.equals(name) && s.labels.containsKey(label))
            .forEach((s) -> sums.merge(s.labels.get(label), s.value, Double::sum));
        return sums;
    }

    /**
     * A histogram's cumulative buckets ({@code name_bucket{le=...}}), upper bound to
     * count.
     */
    TreeMap<Double, Double> buckets(String histogram) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        sumBy(histogram + "_bucket", "le").forEach((le, count) -> buckets
            .put("+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le), count));
        return buckets;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space;
        Map<String, String> labels = new LinkedHashMap<>();
        String name;
        if (brace >= 0 && brace < line.indexOf(' ')) {
            name = line.substring(0, brace);
            int end = labels(line, brace + 1, labels);
            space = end;
        }
        else {
            space = line.indexOf(' ');
            name = line.substring(0, space);
        }
        String[] rest = line.substring(space).strip().split("\\s+");
        try {
            return new Sample(name, labels, Double.parseDouble(rest[0].replace("+Inf", "Infinity")));
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

    /** Reads {@code a="b",c="d"}} from {@code i}; returns the index after the brace. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (i < line.length() && line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append((next == 'n') ? '\n' : next);
                }
                else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    /**
     * The value below which {@code q} (0 to 1) of a histogram's observations fall, by
     * linear interpolation within a bucket (Prometheus' histogram_quantile); NaN when the
     * histogram is empty.
     */
    static double quantile(TreeMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
            return Double.NaN;
        }
        double total = cumulative.lastEntry().getValue();
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                double fraction = (inBucket > 0) ? (rank - lowerCount) / inBucket : 1;
                return lowerBound + (bucket.getKey() - lowerBound) * fraction;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    /** {@code after - before}, bucket by bucket. */
    static TreeMap<Double, Double> minus(TreeMap<Double, Double> after, TreeMap<Double, Double> before) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        after.forEach((le, count) -> delta.put(le, count - before.getOrDefault(le, 0.0)));
        return delta;
    }

    record Sample(String name, Map<String, String> labels, double value) {

    }

}

package io.backchannel.load.report;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution (HdrHistogram, microsecond resolution, 1 µs to 10 min, three
 * significant digits), recorded from many threads, read in milliseconds. Reads work on a
 * copy: HdrHistogram's iterators throw ConcurrentModificationException when a value is
 * recorded while they run, and late terminal updates may still be recorded while a report
 * is written.
 */
public final class Latency {

    /** The percentiles every table and results file shows. */
    public static final double[] PERCENTILES = { 50, 90, 99, 99.9 };

    private static final long MAX_MICROS = 600_000_000L;

    private final Histogram histogram = new ConcurrentHistogram(MAX_MICROS, 3);

    public void recordNanos(long nanos) {
        this.histogram.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1000)));
    }

    /**
     * The distribution as text (HdrHistogram's compressed encoding, base64), for another
     * process to {@link #add} into its own: a benchmark whose clients are spread over
     * several processes reports one distribution of all of them.
     */
    public String export() {
        Histogram copy = this.histogram.copy();
        ByteBuffer buffer = ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
        int length = copy.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    /**
     * Adds the values of a distribution {@link #export exported} by another.
     * @throws IllegalArgumentException when {@code exported} is not one
     */
    public void add(String exported) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(exported));
            this.histogram.add(Histogram.decodeFromCompressedByteBuffer(buffer, MAX_MICROS));
        }
        catch (DataFormatException | RuntimeException ex) {
            throw new IllegalArgumentException("not an exported latency distribution: " + ex.getMessage(), ex);
        }
    }

    public long count() {
        return this.histogram.getTotalCount();
    }

    /** The value at {@code percentile} (0-100), in ms; NaN when empty. */
    public double percentile(double percentile) {
        return (count() == 0) ? Double.NaN : this.histogram.copy().getValueAtPercentile(percentile) / 1000.0;
    }

    public double max() {
        return (count() == 0) ? Double.NaN : this.histogram.copy().getMaxValue() / 1000.0;
    }

    public double mean() {
        return (count() == 0) ? Double.NaN : this.histogram.copy().getMean() / 1000.0;
    }

    /** count, mean, p50, p90, p99, p99.9, max (ms) for the results file. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", count());
        summary.put("meanMs", round(mean()));
        for (double p : PERCENTILES) {
            summary.put(label(p) + "Ms", round(percentile(p)));
        }
        summary.put("maxMs", round(max()));
        return summary;
    }

    /** A table of several distributions, one row each, in ms. */
    public static Table table(Map<String, Latency> rows) {
        Table table = new Table("ms", "count", "p50", "p90", "p99", "p99.9", "max");
        rows.forEach((name, latency) -> table.row(name, latency.count(), latency.percentile(50), latency.percentile(90),
                latency.percentile(99), latency.percentile(99.9), latency.max()));
        return table;
    }

    static String label(double percentile) {
        return "p" + ((percentile == Math.rint(percentile)) ? String.valueOf((long) percentile)
                : String.valueOf(percentile).replace(".", ""));
    }

    private static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
    }

}

package io.backchannel.load.report;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class LatencyTests {

    @Test
    void percentiles_areInMilliseconds_withinTheHistogramsPrecision() {
        Latency latency = new Latency();
        for (int ms = 1; ms <= 1000; ms++) {
            latency.recordNanos(ms * 1_000_000L);
        }
        assertThat(latency.count()).isEqualTo(1000);
        assertThat(latency.percentile(50)).isCloseTo(500, within(1.0));
        assertThat(latency.percentile(99)).isCloseTo(990, within(1.0));
        assertThat(latency.percentile(99.9)).isCloseTo(999, within(1.0));
        assertThat(latency.max()).isCloseTo(1000, within(1.0));
        assertThat(latency.summary()).containsKeys("count", "meanMs", "p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs");
    }

    @Test
    void empty_hasNoFigures_ratherThanZeros() {
        Latency latency = new Latency();
        assertThat(latency.percentile(50)).isNaN();
        assertThat(latency.summary()).containsEntry("p50Ms", null).containsEntry("count", 0L);
    }

    @Test
    void table_showsOneRowPerDistribution() {
        Latency latency = new Latency();
        latency.recordNanos(2_000_000);
        String table = Latency.table(Map.of("submit->terminal", latency)).toString();
        assertThat(table).contains("p99.9", "submit->terminal");
        assertThat(table.lines()).hasSize(3);
    }

    @Test
    void export_andAdd_keepCountsAndPercentiles() {
        Latency latency = new Latency();
        for (int ms = 1; ms <= 1000; ms++) {
            latency.recordNanos(ms * 1_000_000L);
        }
        Latency copy = new Latency();
        copy.add(latency.export());
        assertThat(copy.count()).isEqualTo(1000);
        for (double p : Latency.PERCENTILES) {
            assertThat(copy.percentile(p)).isEqualTo(latency.percentile(p));
        }
        assertThat(copy.max()).isEqualTo(latency.max());
        assertThat(copy.mean()).isEqualTo(latency.mean());
    }

    @Test
    void add_mergesWithWhatIsThere_andAnEmptyOneAddsNothing() {
        Latency mine = new Latency();
        mine.recordNanos(10_000_000);
        Latency theirs = new Latency();
        theirs.recordNanos(30_000_000);
        theirs.recordNanos(30_000_000);
        mine.add(theirs.export());
        mine.add(new Latency().export());
        assertThat(mine.count()).isEqualTo(3);
        assertThat(mine.percentile(50)).isCloseTo(30, within(0.1));
        assertThat(mine.percentile(0)).isCloseTo(10, within(0.1));
    }

    @Test
    void add_ofSomethingElse_isAnError() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Latency().add("bm90IGEgaGlzdG9ncmFt"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Latency().add("not base64!"));
    }

}

package io.backchannel.load.crossnode;

import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTests {

    private static final String NODE = """
            # HELP backchannel_updates_delivered_total Updates written to sockets, by the path they took
            # TYPE backchannel_updates_delivered_total counter
            backchannel_updates_delivered_total{application="web-node",via="backplane"} 40.0
            backchannel_updates_delivered_total{application="web-node",via="local"} 20.0
            backchannel_updates_delivered_total{application="web-node",via="replay"} 0.0
            # TYPE backchannel_backplane_latency_seconds histogram
            backchannel_backplane_latency_seconds_bucket{application="web-node",le="0.001"} 10
            backchannel_backplane_latency_seconds_bucket{application="web-node",le="0.002"} 30
            backchannel_backplane_latency_seconds_bucket{application="web-node",le="0.004"} 40
            backchannel_backplane_latency_seconds_bucket{application="web-node",le="+Inf"} 40
            backchannel_backplane_latency_seconds_count{application="web-node"} 40
            backchannel_backplane_latency_seconds_sum{application="web-node"} 0.06
            http_server_requests_seconds_count{method="GET",uri="/a \\"b\\", c",status="200"} 3 1700000000000
            """;

    @Test
    void counters_sumOverNodes_byLabel() {
        Metrics both = Metrics.combine(List.of(Metrics.parse(NODE), Metrics.parse(NODE)));
        assertThat(both.sumBy("backchannel_updates_delivered_total", "via")).containsEntry("backplane", 80.0)
            .containsEntry("local", 40.0)
            .containsEntry("replay", 0.0);
        assertThat(both.sum("backchannel_backplane_latency_seconds_count")).isEqualTo(80);
        assertThat(both.sum("http_server_requests_seconds_count")).isEqualTo(6);
    }

    @Test
    void quantiles_interpolateWithinTheirBucket() {
        TreeMap<Double, Double> buckets = Metrics.parse(NODE).buckets("backchannel_backplane_latency_seconds");
        assertThat(buckets).containsEntry(Double.POSITIVE_INFINITY, 40.0);
        assertThat(Metrics.quantile(buckets, 0.5)).isCloseTo(0.0015, within(1e-9));
        assertThat(Metrics.quantile(buckets, 0.25)).isCloseTo(0.001, within(1e-9));
        assertThat(Metrics.quantile(buckets, 1.0)).isCloseTo(0.004, within(1e-9));
        assertThat(Metrics.quantile(new TreeMap<>(), 0.5)).isNaN();
    }

    @Test
    void differences_ofCumulativeBuckets_giveTheRunsOwnHistogram() {
        TreeMap<Double, Double> before = new TreeMap<>();
        before.put(0.001, 10.0);
        before.put(0.002, 10.0);
        before.put(Double.POSITIVE_INFINITY, 10.0);
        TreeMap<Double, Double> after = new TreeMap<>();
        after.put(0.001, 10.0);
        after.put(0.002, 20.0);
        after.put(Double.POSITIVE_INFINITY, 20.0);
        TreeMap<Double, Double> run = Metrics.minus(after, before);
        assertThat(run).containsEntry(0.001, 0.0).containsEntry(0.002, 10.0);
        assertThat(Metrics.quantile(run, 0.5)).isCloseTo(0.0015, within(1e-9));
    }

}

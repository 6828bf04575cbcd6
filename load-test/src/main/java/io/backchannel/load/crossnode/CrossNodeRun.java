package io.backchannel.load.crossnode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.backchannel.contracts.ws.Via;
import io.backchannel.load.Common;
import io.backchannel.load.Report;
import io.backchannel.load.SystemUnderTest;
import io.backchannel.load.Traffic;
import io.backchannel.load.TallyChecks;
import io.backchannel.load.client.Api;
import io.backchannel.load.client.Client;
import io.backchannel.load.client.Completion;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.RetryPolicy;
import io.backchannel.load.client.SteadyRate;
import io.backchannel.load.client.Tally;
import io.backchannel.load.client.TallyCounts;
import io.backchannel.load.crossnode.CrossNodeScenario.Settings;
import io.backchannel.load.report.Latency;
import io.backchannel.load.report.Progress;
import io.backchannel.load.report.Table;

/**
 * One run of the cross-node scenario.
 */
class CrossNodeRun {

    static final String BACKPLANE_LATENCY = "backchannel_backplane_latency_seconds";

    static final String DELIVERED = "backchannel_updates_delivered_total";

    private final Settings settings;

    private final Common common;

    private final Api api = Api.create(RetryPolicy.defaults());

    private final Map<Via, Latency> byVia = new EnumMap<>(Via.class);

    private final List<String> scrapeProblems = new ArrayList<>();

    private final AtomicLong errors = new AtomicLong();

    private long unsent;

    CrossNodeRun(Settings settings, Common common) {
        this.settings = settings;
        this.common = common;
        for (Via via : Via.values()) {
            this.byVia.put(via, new Latency());
        }
    }

    Report run() throws InterruptedException {
        Tally tally = new Tally(this::completed);
        try (Fleet<? extends Client> fleet = this.common.openFleet(this.api, this.settings.clients(), tally)) {
            Metrics before = scrape(this.api);
            try (Progress progress = Progress.every(this.common.progress(), () -> progressLine(tally))) {
                SteadyRate.Result sent = SteadyRate.run(this.settings.rate(), this.settings.duration(),
                        (i, due) -> this.settings.traffic().send(fleet, this.common.nodes(), i, due, this.errors));
                this.unsent = this.settings.traffic()
                    .drain(sent.started(), this.settings.duration().plus(this.common.timeout()), progress);
                progress.print("sending stopped; waiting for the last terminal updates");
                tally.awaitSettled(this.common.timeout());
            }
            Metrics after = scrape(this.api);
            return report(tally.counts(Duration.ZERO), before, after);
        }
    }

    private void completed(Completion completion) {
        this.byVia.get((completion.via() != null) ? completion.via() : Via.REPLAY).recordNanos(completion.totalNanos());
    }

    private String progressLine(Tally tally) {
        Map<String, Long> via = tally.counts(this.common.timeout()).terminalsVia();
        return String.format("completed %d  pending %d  terminals via %s", tally.completed(), tally.pending(), via);
    }

    /**
     * The nodes' Prometheus metrics; none for the baseline, whose servers expose none
     * (its deliveries are split by path from the updates alone).
     */
    private Metrics scrape(Api api) throws InterruptedException {
        List<Metrics> all = new ArrayList<>();
        if (this.common.system() != SystemUnderTest.BACKCHANNEL) {
            return Metrics.combine(all);
        }
        String unread = "no --metrics: the nodes' metrics were not read";
        if (this.settings.metrics().isEmpty() && !this.scrapeProblems.contains(unread)) {
            this.scrapeProblems.add(unread);
        }
        for (URI node : this.settings.metrics()) {
            try {
                HttpResponse<String> response = api.http()
                    .send(HttpRequest.newBuilder(node.resolve("/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    all.add(Metrics.parse(response.body()));
                }
                else {
                    this.scrapeProblems.add(node + "/actuator/prometheus answered " + response.statusCode());
                }
            }
            catch (IOException ex) {
                this.scrapeProblems.add(node + "/actuator/prometheus: " + ex.getMessage());
            }
        }
        return Metrics.combine(all);
    }

    private Report report(TallyCounts counts, Metrics before, Metrics after) {
        Report report = new Report("cross-node").figure("rate", this.settings.rate())
            .figure("clients", this.settings.clients())
            .figure("nodes", this.common.nodes().direct().size())
            .figure("seconds", this.settings.duration().toNanos() / 1e9);
        long terminals = counts.terminalsVia().values().stream().mapToLong(Long::longValue).sum();
        Table paths = new Table("terminal updates via", "count", "share %", "p50 ms", "p99 ms", "max ms");
        Map<String, Object> share = new LinkedHashMap<>();
        for (Via via : Via.values()) {
            long n = counts.terminalsVia().getOrDefault(via.wire(), 0L);
            double percent = (terminals > 0) ? 100.0 * n / terminals : Double.NaN;
            Latency latency = this.byVia.get(via);
            paths.row(via.wire(), n, percent, latency.percentile(50), latency.percentile(99), latency.max());
            share.put(via.wire(),
                    Map.of("count", n, "sharePercent", Math.round(percent * 10) / 10.0, "latency", latency.summary()));
        }
        report.figure("terminalsByVia", share).figure("updatesByVia", counts.updatesVia());
        report.table("client side: how each terminal update reached its socket (submit->terminal latency)\n" + paths);
        if (this.common.system() == SystemUnderTest.BACKCHANNEL) {
            serverSide(report, before, after);
        }
        else {
            report.note("baseline: local means the server that consumed the reply held the socket; backplane, that"
                    + " the Redis adapter carried it to another server (every update is published to Redis either way)");
        }
        TallyChecks.apply(report, counts, this.api.retried());
        Traffic.failUnsent(report, this.unsent);
        if (this.errors.get() > 0) {
            report.fail(this.errors.get() + " request(s) failed inside the client");
        }
        this.scrapeProblems.forEach(report::note);
        return report;
    }

    private void serverSide(Report report, Metrics before, Metrics after) {
        Map<String, Double> deliveredBefore = before.sumBy(DELIVERED, "via");
        Map<String, Object> delivered = new LinkedHashMap<>();
        after.sumBy(DELIVERED, "via")
            .forEach((via, n) -> delivered.put(via, n - deliveredBefore.getOrDefault(via, 0.0)));
        double count = after.sum(BACKPLANE_LATENCY + "_count") - before.sum(BACKPLANE_LATENCY + "_count");
        double sum = after.sum(BACKPLANE_LATENCY + "_sum") - before.sum(BACKPLANE_LATENCY + "_sum");
        TreeMap<Double, Double> buckets = Metrics.minus(after.buckets(BACKPLANE_LATENCY),
                before.buckets(BACKPLANE_LATENCY));
        Map<String, Object> backplane = new LinkedHashMap<>();
        backplane.put("messages", count);
        backplane.put("meanMs", (count > 0) ? sum / count * 1000 : null);
        backplane.put("p50Ms", nanToNull(Metrics.quantile(buckets, 0.5) * 1000));
        backplane.put("p99Ms", nanToNull(Metrics.quantile(buckets, 0.99) * 1000));
        report.figure("serverDeliveredByVia", delivered).figure("backplaneLatency", backplane);
        report.table(new Table("backplane (nodes' metrics)", "messages", "mean ms", "p50 ms", "p99 ms")
            .row("PUBLISH -> receipt", count, backplane.get("meanMs"), backplane.get("p50Ms"), backplane.get("p99Ms"))
                + "nodes' deliveries by path during the run: " + delivered + "\n");
        if (count == 0 && this.scrapeProblems.isEmpty()) {
            report
                .note("the nodes counted no backplane message: with one node, or every socket local, that is expected");
        }
    }

    private static Double nanToNull(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
    }

}

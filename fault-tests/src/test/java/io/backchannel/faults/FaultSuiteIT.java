package io.backchannel.faults;

import io.backchannel.contracts.JobErrorCode;
import io.backchannel.faults.report.FaultResult;
import io.backchannel.faults.report.SuiteResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite, shorter: every fault against a cluster of its own (3 web nodes, 2
 * workers, nginx, private Redis and RabbitMQ on ports of their own, run directory under
 * target/), with fewer requests per fault ({@link SuiteSettings#quick}; override with
 * {@code -Dfaults.requests=...} and the like). Uses the app jars packaged earlier in the
 * same build.
 */
class FaultSuiteIT {

    @Test
    void everyFault_underTraffic_losesNothing_andShowsNoTerminalTwice() throws Exception {
        SuiteResult suite = FaultSuite.run(SuiteSettings.quick());

        assertEveryFaultLosesNothing(SuiteSettings.quick(), suite);
        assertThat(suite.faults()).filteredOn((fault) -> fault.fault().equals("node-kill"))
            .singleElement()
            .satisfies((fault) -> assertThat(fault.socketsMoved()).as("sockets the node kill moved").isPositive());
        // The hung worker's jobs were ended by their deadline, not left open.
        assertThat(suite.faults()).filteredOn((fault) -> fault.fault().equals("worker-hang"))
            .singleElement()
            .satisfies((fault) -> assertThat(fault.failedByCode()).as("requests ended at their deadline")
                .containsKey(JobErrorCode.DEADLINE_EXCEEDED));
    }

    /**
     * The faults of a Redis Cluster and a RabbitMQ cluster (a Redis primary, then a
     * broker node, killed under traffic), against a cluster of its own on six private
     * redis-server processes and three private RabbitMQ nodes; same bar.
     */
    @Test
    void onClusters_aKilledRedisPrimaryOrBrokerNode_losesNothing_andShowsNoTerminalTwice() throws Exception {
        SuiteSettings settings = SuiteSettings.quickOnClusters();
        SuiteResult suite = FaultSuite.run(settings);

        assertEveryFaultLosesNothing(settings, suite);
    }

    /**
     * The bar of every fault: enough requests sent, none lost, refused or shown twice, a
     * terminal update for each accepted one, every socket back.
     */
    private static void assertEveryFaultLosesNothing(SuiteSettings settings, SuiteResult suite) {
        assertThat(suite.failure()).as("the run stopped early").isNull();
        assertThat(suite.faults()).extracting(FaultResult::fault).containsExactlyElementsOf(settings.faults());
        assertThat(suite.faults()).allSatisfy((fault) -> {
            assertThat(fault.sent()).as("%s: requests sent", fault.fault())
                .isGreaterThanOrEqualTo(settings.run().minRequests());
            assertThat(fault.lost()).as("%s: lost %s %s", fault.fault(), fault.lostSamples(), fault.problems())
                .isZero();
            assertThat(fault.dupShown()).as("%s: shown twice %s", fault.fault(), fault.duplicateSamples()).isZero();
            assertThat(fault.refused()).as("%s: refused %s", fault.fault(), fault.problems()).isZero();
            assertThat(fault.terminal()).as("%s: terminal updates", fault.fault()).isEqualTo(fault.accepted());
            assertThat(fault.socketsNotBack()).as("%s: sockets cut off", fault.fault()).isZero();
        });
    }

}

package io.backchannel.load;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadTestTests {

    @Test
    void usage_listsEveryScenario() {
        assertThat(LoadTest.usage()).contains("throughput", "latency", "cross-node", "connections", "summary");
    }

    @Test
    void usage_leavesOutTheInternalScenarios_whichStillRun() {
        assertThat(LoadTest.usage()).doesNotContain("restart-sockets");
        assertThat(LoadTest.run("restart-sockets", "--help")).isZero();
        assertThat(LoadTest.run("restart-sockets", "--sockets=10")).as("no --lb").isEqualTo(2);
    }

    @Test
    void restart_refusesMoreGeneratorsThanSockets() {
        assertThat(
                LoadTest.run("restart", "--lb=http://127.0.0.1:1", "--restart=true", "--sockets=2", "--generators=3"))
            .isEqualTo(2);
    }

    @Test
    void run_withoutScenario_isAUsageError_andWithAnUnknownOne_too() {
        assertThat(LoadTest.run()).isEqualTo(2);
        assertThat(LoadTest.run("nonsense")).isEqualTo(2);
        assertThat(LoadTest.run("latency", "--rat=5")).isEqualTo(2);
    }

    @Test
    void anUnknownSystem_orABadCpuGroup_isAUsageError() {
        assertThat(LoadTest.run("throughput", "--system=kafka")).isEqualTo(2);
        assertThat(LoadTest.run("throughput", "--cpu=web")).isEqualTo(2);
    }

    @Test
    void theBaseline_hasItsOwnDefaultNodes() {
        Common common = Common.from(Args.parse("latency", "--system=baseline"));
        assertThat(common.system()).isEqualTo(SystemUnderTest.BASELINE);
        assertThat(common.nodes().direct()).extracting(URI::getPort).containsExactly(3101, 3102, 3103);
        assertThat(Common.from(Args.parse("latency")).nodes().direct()).extracting(URI::getPort)
            .containsExactly(8081, 8082, 8083);
    }

    @Test
    void help_ofAScenario_exitsZero() {
        assertThat(LoadTest.run("connections", "--help")).isZero();
    }

}

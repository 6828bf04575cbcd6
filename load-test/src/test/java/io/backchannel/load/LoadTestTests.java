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

package io.backchannel.load;

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
    void help_ofAScenario_exitsZero() {
        assertThat(LoadTest.run("connections", "--help")).isZero();
    }

}

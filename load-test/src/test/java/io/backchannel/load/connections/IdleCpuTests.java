package io.backchannel.load.connections;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backchannel.load.cpu.CpuMeter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdleCpuTests {

    @Test
    void eachGroup_isAShareOfOneCore_andMicrosecondsPerSocketPerSecond() {
        // node: 0.45 s over 9 s = 5 % of a core; over 10,000 sockets 5 µs per socket per
        // second
        IdleCpu idle = IdleCpu.of(usage(9, 0.45, 0.09), 10_000);
        assertThat(idle.groups().get("node")).isEqualTo(new IdleCpu.Group(List.of(11L, 12L), 0.45, 5.0, 5.0));
        assertThat(idle.groups().get(CpuMeter.DRIVER).percentOfCore()).isEqualTo(1.0);
        assertThat(idle.groups().get(CpuMeter.DRIVER).microsPerSocketSecond()).isEqualTo(1.0);
        assertThat(idle.incomplete()).isFalse();
        assertThat(ConnectionsReport.describe(idle)).startsWith("idle CPU over 9")
            .endsWith(" s: node 5 % of a core (5 us/socket/s), driver 1 % of a core (1 us/socket/s)");
    }

    @Test
    void whatCannotBeKnown_isNull_notZeroOrInfinite() {
        IdleCpu unread = IdleCpu.of(usage(9, null, 0.1), 100);
        assertThat(unread.groups().get("node").percentOfCore()).isNull();
        assertThat(unread.incomplete()).isTrue();
        assertThat(IdleCpu.of(usage(9, null, 0.1), 0).groups().get(CpuMeter.DRIVER).microsPerSocketSecond()).isNull();
        assertThat(IdleCpu.of(usage(0, null, 0.1), 100).groups().get(CpuMeter.DRIVER).percentOfCore()).isNull();
    }

    @Test
    void theWindow_leavesOutTheFirstSecond_orHalfOfAShortIdlePeriod() {
        assertThat(IdleCpu.lead(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(1));
        assertThat(IdleCpu.lead(Duration.ofMillis(1200))).isEqualTo(Duration.ofMillis(600));
    }

    /** A window of {@code seconds} in which node and driver used these CPU seconds. */
    private static CpuMeter.Usage usage(double seconds, Double node, Double driver) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("node", node);
        cpu.put(CpuMeter.DRIVER, driver);
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        pids.put("node", List.of(11L, 12L));
        pids.put(CpuMeter.DRIVER, List.of(99L));
        return new CpuMeter.Usage(seconds, 0, cpu, Map.of(), pids);
    }

}

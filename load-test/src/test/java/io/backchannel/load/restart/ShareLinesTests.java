package io.backchannel.load.restart;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backchannel.load.report.Latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ShareLinesTests {

    @Test
    void readyAndStatus_roundTrip_onOneMarkedLine() {
        ShareLine.Ready ready = new ShareLine.Ready(1500, Map.of("restart-node-1", 700, "restart-node-2", 800));
        ShareLine.Status status = new ShareLine.Status(12, 488, 3, 7);
        for (ShareLine line : List.of(ready, status)) {
            String text = ShareLines.encode(line);
            assertThat(text).startsWith(ShareLines.MARK).doesNotContain("\n");
            assertThat(ShareLines.decode(text)).contains(line);
        }
    }

    @Test
    void totals_roundTrip_withTheirDistribution() {
        Latency reconnect = latency(1, 2000);
        ShareLine.Totals totals = new ShareLine.Totals(1500, Map.of("node-1", 700, "node-2", 800),
                Map.of("node-2", 1500), Map.of(1012, 700, 1013, 2), 1, 4, 9, 1_765_000_000_123_456_789L,
                reconnect.export());
        ShareLine.Totals decoded = (ShareLine.Totals) ShareLines.decode(ShareLines.encode(totals)).orElseThrow();
        assertThat(decoded).isEqualTo(totals);
        assertThat(decoded.closedByCode()).containsEntry(1012, 700);
        Latency copy = new Latency();
        copy.add(decoded.reconnect());
        assertThat(copy.count()).isEqualTo(2000);
        assertThat(copy.percentile(99)).isEqualTo(reconnect.percentile(99));
    }

    @Test
    void otherOutput_isNotTheProtocols() {
        assertThat(ShareLines.decode("opening sockets: 2000 of 15300")).isEmpty();
        assertThat(ShareLines.decode("")).isEmpty();
    }

    @Test
    void aMarkedLine_thatIsNoProtocolLine_isAnError() {
        assertThatIllegalArgumentException().isThrownBy(() -> ShareLines.decode(ShareLines.MARK + "status"));
        assertThatIllegalArgumentException().isThrownBy(() -> ShareLines.decode(ShareLines.MARK + "hello {}"));
        assertThatIllegalArgumentException().isThrownBy(() -> ShareLines.decode(ShareLines.MARK + "status {\"away\":"));
    }

    @Test
    void totals_ofAllShares_addUp() {
        ShareLine.Totals one = new ShareLine.Totals(1000, Map.of("node-1", 500, "node-2", 500), Map.of("node-2", 1000),
                Map.of(1012, 500), 0, 1, 2, 100, latency(1, 1000).export());
        ShareLine.Totals two = new ShareLine.Totals(999, Map.of("node-1", 499, "node-2", 500),
                Map.of("node-1", 1, "node-2", 998), Map.of(1012, 499, 1006, 3), 1, 0, 5, 300,
                latency(1001, 2000).export());
        ShareLine.Totals all = ShareLine.Totals.sum(List.of(one, two));
        assertThat(all.sockets()).isEqualTo(1999);
        assertThat(all.placedBefore()).isEqualTo(Map.of("node-1", 999, "node-2", 1000));
        assertThat(all.placedAfter()).containsEntry("node-1", 1).containsEntry("node-2", 1998);
        assertThat(all.closedByCode()).containsEntry(1012, 999).containsEntry(1006, 3);
        assertThat(all.notBack()).isEqualTo(1);
        assertThat(all.bounces()).isEqualTo(1);
        assertThat(all.failedAttempts()).isEqualTo(7);
        assertThat(all.lastBackAt()).as("the latest").isEqualTo(300);
        Latency reconnect = new Latency();
        reconnect.add(all.reconnect());
        assertThat(reconnect.count()).isEqualTo(2000);
        assertThat(reconnect.percentile(50)).isCloseTo(1000, within(1.0));
        assertThat(reconnect.max()).isCloseTo(2000, within(2.0));
    }

    @Test
    void status_addsUp() {
        assertThat(new ShareLine.Status(1, 2, 3, 4).plus(new ShareLine.Status(10, 20, 30, 40)))
            .isEqualTo(new ShareLine.Status(11, 22, 33, 44));
    }

    /** One value each ms from {@code fromMs} to {@code toMs}. */
    private static Latency latency(int fromMs, int toMs) {
        Latency latency = new Latency();
        for (int ms = fromMs; ms <= toMs; ms++) {
            latency.recordNanos(ms * 1_000_000L);
        }
        return latency;
    }

}

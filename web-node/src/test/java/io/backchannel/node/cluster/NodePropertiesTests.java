package io.backchannel.node.cluster;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How the presence refresh is cut into heartbeats, and the settings that would leave an
 * entry unrefreshed for longer than it lives.
 */
class NodePropertiesTests {

    @Test
    void theDefaults_refreshEachSocketOnceEvery24Heartbeats_andLetAnEntryLiveThreeRefreshes() {
        NodeProperties defaults = new NodeProperties("", Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofMinutes(2));
        assertThat(defaults.presenceSlices()).isEqualTo(24);
        assertThat(defaults.presenceLease()).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void aRefreshAsShortAsTheHeartbeat_refreshesEverySocketOnEveryHeartbeat() {
        assertThat(new NodeProperties("", Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5))
            .presenceSlices()).isEqualTo(1);
    }

    @Test
    void aRefreshShorterThanTheHeartbeat_isRefused() {
        assertThatIllegalArgumentException()
            .isThrownBy(
                    () -> new NodeProperties("", Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(4)))
            .withMessageContaining("presence-refresh");
    }

    @Test
    void everySocketFallsInOneSlice_andTheSlicesShareThemOut() {
        int[] counts = new int[24];
        for (int i = 0; i < 24_000; i++) {
            int slice = HeldSockets.sliceOf(UUID.randomUUID().toString(), 24);
            assertThat(slice).isBetween(0, 23);
            counts[slice]++;
        }
        // 1,000 expected each; a slice with half or twice that would be a burst.
        assertThat(IntStream.of(counts).min().orElseThrow()).isGreaterThan(500);
        assertThat(IntStream.of(counts).max().orElseThrow()).isLessThan(2000);
    }

}

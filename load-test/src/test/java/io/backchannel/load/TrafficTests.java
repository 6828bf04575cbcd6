package io.backchannel.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrafficTests {

    @Test
    void from_boundsTheRequestsInFlight_500ByDefault() {
        assertThat(Traffic.from(Args.parse("latency")).inFlight().max()).isEqualTo(500);
        assertThat(Traffic.from(Args.parse("latency", "--max-inflight=8")).inFlight().max()).isEqualTo(8);
        assertThat(Traffic.from(Args.parse("latency", "--payload-bytes=3")).payload().get("data").asString())
            .isEqualTo("xxx");
    }

    @Test
    void from_refusesNoSlotsAtAll_andAnUnknownType() {
        assertThatThrownBy(() -> Traffic.from(Args.parse("latency", "--max-inflight=0")))
            .isInstanceOf(UsageException.class)
            .hasMessageContaining("max-inflight");
        assertThatThrownBy(() -> Traffic.from(Args.parse("latency", "--type=no such type")))
            .isInstanceOf(UsageException.class);
    }

}

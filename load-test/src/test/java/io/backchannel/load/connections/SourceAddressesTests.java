package io.backchannel.load.connections;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceAddressesTests {

    @Test
    void sockets_fillOneAddressAfterTheOther_skippingNetworkAndBroadcastEndings() {
        SourceAddresses sources = new SourceAddresses("127.0.1.254", 2);
        assertThat(sources.forSocket(0).getHostAddress()).isEqualTo("127.0.1.254");
        assertThat(sources.forSocket(1).getHostAddress()).isEqualTo("127.0.1.254");
        assertThat(sources.forSocket(2).getHostAddress()).isEqualTo("127.0.2.1");
        assertThat(sources.forSocket(5).getHostAddress()).isEqualTo("127.0.2.2");
        assertThat(sources.used(5)).isEqualTo(3);
    }

    @Test
    void onlyLoopbackAddresses_areAccepted() {
        assertThatThrownBy(() -> new SourceAddresses("10.0.0.1", 10)).isInstanceOf(IllegalArgumentException.class);
    }

}

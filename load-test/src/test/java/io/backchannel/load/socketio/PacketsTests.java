package io.backchannel.load.socketio;

import java.util.Map;

import io.backchannel.load.socketio.Packets.Close;
import io.backchannel.load.socketio.Packets.Connect;
import io.backchannel.load.socketio.Packets.ConnectError;
import io.backchannel.load.socketio.Packets.Disconnect;
import io.backchannel.load.socketio.Packets.Event;
import io.backchannel.load.socketio.Packets.Noop;
import io.backchannel.load.socketio.Packets.Open;
import io.backchannel.load.socketio.Packets.Ping;
import io.backchannel.load.socketio.Packets.Unsupported;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketsTests {

    @Test
    void open_givesTheSessionAndItsHeartbeat() {
        Packets.Packet packet = Packets
            .parse("0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
                    + "\"maxPayload\":1000000}");
        assertThat(packet).isEqualTo(new Open("lv_VI97HAXpY6yYWAAAC", 25000, 20000));
    }

    @Test
    void ping_isAnsweredWithAPongOfTheSameData() {
        assertThat(Packets.pong((Ping) Packets.parse("2"))).isEqualTo("3");
        assertThat(Packets.pong((Ping) Packets.parse("2probe"))).isEqualTo("3probe");
    }

    @Test
    void connect_carriesTheAuthPayload_toTheMainNamespace() {
        assertThat(Packets.connect(Map.of("clientId", "c-1"))).isEqualTo("40{\"clientId\":\"c-1\"}");
    }

    @Test
    void namespacePackets_areRead_withTheirNamespaceAndData() {
        assertThat(Packets.parse("40{\"sid\":\"abc\"}")).isInstanceOfSatisfying(Connect.class, (c) -> {
            assertThat(c.namespace()).isEqualTo("/");
            assertThat(c.data().path("sid").asString()).isEqualTo("abc");
        });
        assertThat(Packets.parse("40/admin,{\"sid\":\"x\"}")).isInstanceOfSatisfying(Connect.class,
                (c) -> assertThat(c.namespace()).isEqualTo("/admin"));
        assertThat(Packets.parse("41")).isEqualTo(new Disconnect("/"));
        assertThat(Packets.parse("44{\"message\":\"Not authorized\"}")).isInstanceOfSatisfying(ConnectError.class,
                (e) -> assertThat(e.data().path("message").asString()).isEqualTo("Not authorized"));
    }

    @Test
    void event_hasItsNameAndArguments_andAnAckIdWhenOneIsWanted() {
        assertThat(Packets.parse("42[\"update\",{\"correlationId\":\"x\"},7]")).isInstanceOfSatisfying(Event.class,
                (e) -> {
                    assertThat(e.namespace()).isEqualTo("/");
                    assertThat(e.name()).isEqualTo("update");
                    assertThat(e.args()).hasSize(2);
                    assertThat(e.args().get(0).path("correlationId").asString()).isEqualTo("x");
                    assertThat(e.args().get(1).asInt()).isEqualTo(7);
                    assertThat(e.ackId()).isNull();
                });
        assertThat(Packets.parse("42/chat,12[\"hello\"]")).isInstanceOfSatisfying(Event.class, (e) -> {
            assertThat(e.namespace()).isEqualTo("/chat");
            assertThat(e.name()).isEqualTo("hello");
            assertThat(e.args()).isEmpty();
            assertThat(e.ackId()).isEqualTo(12L);
        });
    }

    @Test
    void theOtherEnginePackets_andUnusedSocketIoOnes_areKnown() {
        assertThat(Packets.parse("1")).isInstanceOf(Close.class);
        assertThat(Packets.parse("6")).isInstanceOf(Noop.class);
        assertThat(Packets.parse("433[]")).isInstanceOf(Unsupported.class);
    }

    @Test
    void whatIsNotAPacket_isRefused() {
        assertThatThrownBy(() -> Packets.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Packets.parse("9hello")).hasMessageContaining("not an Engine.IO v4 packet");
        assertThatThrownBy(() -> Packets.parse("0{\"sid\":\"x\"}")).hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> Packets.parse("42{\"not\":\"an array\"}")).hasMessageContaining("[\"name\"");
        assertThatThrownBy(() -> Packets.parse("42[\"update\",")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> Packets.parse("4")).hasMessageContaining("empty message");
    }

}

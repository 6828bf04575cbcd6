package io.backchannel.load.rawws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramesTests {

    private static final byte[] MASK = { 0x37, (byte) 0xfa, 0x21, 0x3d };

    @Test
    void clientFrames_areMasked_asRfc6455sExampleShows() {
        // RFC 6455 5.7: a masked "Hello" is 0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d
        // 0x51 0x58
        ByteBuffer frame = Frames.encode(Frames.TEXT, "Hello".getBytes(StandardCharsets.US_ASCII), MASK);
        assertThat(toArray(frame)).containsExactly(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    }

    @Test
    void everyLengthEncoding_roundTrips() {
        for (int length : new int[] { 0, 125, 126, 65535, 65536, 200_000 }) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) i;
            }
            ByteBuffer encoded = Frames.encode(Frames.BINARY, payload, MASK);
            Frames.Frame frame = Frames.decode(encoded, 1 << 20);
            assertThat(frame).as("length %d", length).isNotNull();
            assertThat(frame.fin()).isTrue();
            assertThat(frame.opcode()).isEqualTo(Frames.BINARY);
            assertThat(frame.payload()).isEqualTo(payload);
            assertThat(encoded.hasRemaining()).isFalse();
        }
    }

    @Test
    void serverFrames_unmasked_andFragmented_areRead() {
        ByteBuffer in = ByteBuffer.wrap(new byte[] { 0x01, 0x03, 'a', 'b', 'c', (byte) 0x80, 0x01, 'd' });
        Frames.Frame first = Frames.decode(in, 100);
        Frames.Frame last = Frames.decode(in, 100);
        assertThat(first.fin()).isFalse();
        assertThat(first.opcode()).isEqualTo(Frames.TEXT);
        assertThat(new String(first.payload(), StandardCharsets.US_ASCII)).isEqualTo("abc");
        assertThat(last.fin()).isTrue();
        assertThat(last.opcode()).isEqualTo(Frames.CONTINUATION);
        assertThat(Frames.decode(in, 100)).isNull();
    }

    @Test
    void anIncompleteFrame_isLeftWhereItWas() {
        ByteBuffer whole = Frames.encode(Frames.TEXT, new byte[300], MASK);
        for (int cut : new int[] { 1, 2, 3, 7, 299 }) {
            ByteBuffer part = ByteBuffer.wrap(toBytes(whole), 0, cut);
            assertThat(Frames.decode(part, 1000)).as("cut at %d", cut).isNull();
            assertThat(part.position()).isZero();
        }
    }

    @Test
    void aFrameOverTheLimit_isRefused() {
        ByteBuffer big = Frames.encode(Frames.TEXT, new byte[2000], MASK);
        assertThatThrownBy(() -> Frames.decode(big, 1000)).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static int[] toArray(ByteBuffer buffer) {
        byte[] bytes = toBytes(buffer);
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ints[i] = bytes[i] & 0xFF;
        }
        return ints;
    }

}

package io.backchannel.load.rawws;

import java.nio.ByteBuffer;

/**
 * WebSocket frames (RFC 6455 section 5): encoding a client's frames (always masked) and
 * decoding a server's (unmasked, but a mask is honoured if present).
 */
public final class Frames {

    public static final int CONTINUATION = 0x0;

    public static final int TEXT = 0x1;

    public static final int BINARY = 0x2;

    public static final int CLOSE = 0x8;

    public static final int PING = 0x9;

    public static final int PONG = 0xA;

    private Frames() {
    }

    /** A final frame of {@code opcode}, masked with the 4 bytes of {@code mask}. */
    public static ByteBuffer encode(int opcode, byte[] payload, byte[] mask) {
        int length = payload.length;
        int header = 2 + ((length <= 125) ? 0 : (length <= 0xFFFF) ? 2 : 8) + 4;
        ByteBuffer out = ByteBuffer.allocate(header + length);
        out.put((byte) (0x80 | opcode));
        if (length <= 125) {
            out.put((byte) (0x80 | length));
        }
        else if (length <= 0xFFFF) {
            out.put((byte) (0x80 | 126)).putShort((short) length);
        }
        else {
            out.put((byte) (0x80 | 127)).putLong(length);
        }
        out.put(mask);
        for (int i = 0; i < length; i++) {
            out.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return out.flip();
    }

    /**
     * Reads one frame from {@code in}'s position. When the frame is not complete yet,
     * returns null and leaves the position where it was.
     * @throws IllegalStateException when the frame is larger than {@code maxPayload}
     */
    public static Frame decode(ByteBuffer in, int maxPayload) {
        int start = in.position();
        if (in.remaining() < 2) {
            return null;
        }
        int b0 = in.get() & 0xFF;
        int b1 = in.get() & 0xFF;
        long length = b1 & 0x7F;
        if (length == 126) {
            if (in.remaining() < 2) {
                return rewind(in, start);
            }
            length = in.getShort() & 0xFFFF;
        }
        else if (length == 127) {
            if (in.remaining() < 8) {
                return rewind(in, start);
            }
            length = in.getLong();
        }
        if (length < 0 || length > maxPayload) {
            throw new IllegalStateException("frame of " + length + " bytes is over the limit of " + maxPayload);
        }
        boolean masked = (b1 & 0x80) != 0;
        if (in.remaining() < (masked ? 4 : 0) + length) {
            return rewind(in, start);
        }
        byte[] mask = new byte[4];
        if (masked) {
            in.get(mask);
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        if (masked) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
        }
        return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    private static Frame rewind(ByteBuffer in, int start) {
        in.position(start);
        return null;
    }

    /**
     * One frame.
     *
     * @param fin whether it is the last of its message
     * @param opcode TEXT, CLOSE, PING, ... (CONTINUATION for the following parts of a
     * message)
     * @param payload its (unmasked) payload
     */
    public record Frame(boolean fin, int opcode, byte[] payload) {

    }

}

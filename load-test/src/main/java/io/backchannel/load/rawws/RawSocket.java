package io.backchannel.load.rawws;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One socket of a {@link SocketPool}; touched only by the pool's selector thread.
 */
final class RawSocket {

    enum State {

        /** TCP connect under way. */
        CONNECTING,

        /** Upgrade request sent, waiting for 101. */
        HANDSHAKE,

        /** Hello sent, waiting for the welcome. */
        HELLO,

        /** Welcomed: counted as open. */
        OPEN,

        CLOSED

    }

    final int id;

    final SocketChannel channel;

    final String key = Handshake.newKey();

    final long startedAt = System.nanoTime();

    String token;

    State state = State.CONNECTING;

    /** Input read but not yet consumed (a partial frame); null when none. */
    ByteBuffer pending;

    /** Output the channel did not take yet; null when none. */
    ArrayDeque<ByteBuffer> out;

    /** A fragmented message being put together; null when none. */
    ByteArrayOutputStream message;

    String lastEventId;

    RawSocket(int id, SocketChannel channel, String token) {
        this.id = id;
        this.channel = channel;
        this.token = token;
    }

    boolean inProgress() {
        return this.state == State.CONNECTING || this.state == State.HANDSHAKE || this.state == State.HELLO;
    }

}

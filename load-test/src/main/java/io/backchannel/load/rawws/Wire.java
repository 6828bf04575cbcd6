package io.backchannel.load.rawws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.Accepted;
import io.backchannel.contracts.ws.Authenticated;
import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.contracts.ws.EventFrame;
import io.backchannel.contracts.ws.Hello;
import io.backchannel.contracts.ws.Ping;
import io.backchannel.contracts.ws.Pong;
import io.backchannel.contracts.ws.ServerFrame;
import io.backchannel.contracts.ws.UpdateFrame;
import io.backchannel.contracts.ws.Welcome;
import tools.jackson.core.JacksonException;

/**
 * What a {@link SocketPool} does on each socket event: connect, upgrade, hello, frames
 * in, frames out. Selector thread only.
 */
final class Wire {

    private static final int MAX_FRAME = 1 << 20;

    private static final byte[] PONG_TEXT = Json.mapper()
        .writeValueAsString(new Pong())
        .getBytes(StandardCharsets.UTF_8);

    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);

    private final String host;

    private final SocketListener listener;

    private final SocketPool pool;

    Wire(String host, SocketListener listener, SocketPool pool) {
        this.host = host;
        this.listener = listener;
        this.pool = pool;
    }

    void handle(SelectionKey key) {
        RawSocket socket = (RawSocket) key.attachment();
        try {
            if (key.isValid() && key.isConnectable() && socket.channel.finishConnect()) {
                connected(key);
            }
            if (key.isValid() && key.isWritable()) {
                flush(key, socket);
            }
            if (key.isValid() && key.isReadable()) {
                read(key, socket);
            }
        }
        catch (IOException | RuntimeException ex) {
            this.pool.end(socket, socket.state.name().toLowerCase(Locale.ROOT) + ": " + ex.getMessage());
        }
    }

    void connected(SelectionKey key) throws IOException {
        RawSocket socket = (RawSocket) key.attachment();
        socket.state = RawSocket.State.HANDSHAKE;
        key.interestOps(SelectionKey.OP_READ);
        send(key, socket, Handshake.request(this.host, "/ws", socket.key));
    }

    /** A close frame, best effort, then the channel closes. */
    void goodbye(RawSocket socket) {
        if (socket.state == RawSocket.State.OPEN) {
            ByteBuffer close = ByteBuffer.allocate(2).putShort((short) CloseCodes.NORMAL).flip();
            try {
                socket.channel.write(Frames.encode(Frames.CLOSE, close.array(), mask()));
            }
            catch (IOException ex) {
                // closing anyway
            }
        }
        try {
            socket.channel.close();
        }
        catch (IOException ex) {
            // closed anyway
        }
    }

    private void read(SelectionKey key, RawSocket socket) throws IOException {
        this.readBuffer.clear();
        int n = socket.channel.read(this.readBuffer);
        if (n < 0) {
            this.pool.end(socket, "closed by the server (" + socket.state + ")");
            return;
        }
        this.readBuffer.flip();
        ByteBuffer in = this.readBuffer;
        if (socket.pending != null) {
            in = ByteBuffer.allocate(socket.pending.remaining() + this.readBuffer.remaining())
                .put(socket.pending)
                .put(this.readBuffer)
                .flip();
        }
        if (socket.state == RawSocket.State.HANDSHAKE) {
            int head = Handshake.headLength(in);
            if (head < 0) {
                keep(socket, in);
                return;
            }
            byte[] bytes = new byte[head];
            in.get(bytes);
            Handshake.check(new String(bytes, StandardCharsets.ISO_8859_1), socket.key);
            socket.state = RawSocket.State.HELLO;
            sendText(key, socket, Json.mapper().writeValueAsBytes(new Hello(socket.token, null)));
            socket.token = null;
        }
        Frames.Frame frame;
        while (socket.state != RawSocket.State.CLOSED && (frame = Frames.decode(in, MAX_FRAME)) != null) {
            onFrame(key, socket, frame);
        }
        keep(socket, in);
    }

    private void onFrame(SelectionKey key, RawSocket socket, Frames.Frame frame) throws IOException {
        switch (frame.opcode()) {
            case Frames.TEXT, Frames.BINARY -> {
                if (frame.fin()) {
                    onMessage(key, socket, frame.payload());
                }
                else {
                    socket.message = new ByteArrayOutputStream();
                    socket.message.writeBytes(frame.payload());
                }
            }
            case Frames.CONTINUATION -> {
                if (socket.message != null) {
                    socket.message.writeBytes(frame.payload());
                    if (frame.fin()) {
                        byte[] whole = socket.message.toByteArray();
                        socket.message = null;
                        onMessage(key, socket, whole);
                    }
                }
            }
            case Frames.PING -> send(key, socket, Frames.encode(Frames.PONG, frame.payload(), mask()));
            case Frames.CLOSE -> {
                int code = (frame.payload().length >= 2) ? ByteBuffer.wrap(frame.payload()).getShort() & 0xFFFF : 1005;
                this.pool.end(socket, "closed by the server with " + code + " (" + socket.state + ")");
            }
            default -> {
                // pong, reserved: nothing to do
            }
        }
    }

    private void onMessage(SelectionKey key, RawSocket socket, byte[] text) throws IOException {
        ServerFrame frame;
        try {
            frame = Json.mapper().readValue(text, ServerFrame.class);
        }
        catch (JacksonException ex) {
            this.pool.problem("unreadable frame: " + ex.getOriginalMessage());
            return;
        }
        switch (frame) {
            case Welcome welcome -> {
                socket.state = RawSocket.State.OPEN;
                this.pool.welcomed(socket);
            }
            case UpdateFrame update -> {
                if (socket.lastEventId == null || EventIds.compare(update.eventId(), socket.lastEventId) > 0) {
                    socket.lastEventId = update.eventId();
                    this.listener.onUpdate(socket.id, update, System.nanoTime());
                }
            }
            case Ping ping -> sendText(key, socket, PONG_TEXT);
            case ErrorFrame error -> this.pool.problem("error frame: " + error.code());
            // Idle sockets send no submits: nothing to match an answer to.
            case Accepted accepted -> this.pool.problem("unexpected accepted frame");
            // Idle sockets send no auth frames either.
            case Authenticated authenticated -> this.pool.problem("unexpected authenticated frame");
            case EventFrame event -> this.pool.problem("unexpected event frame");
            case Pong pong -> {
            }
        }
    }

    private void sendText(SelectionKey key, RawSocket socket, byte[] text) throws IOException {
        send(key, socket, Frames.encode(Frames.TEXT, text, mask()));
    }

    private void send(SelectionKey key, RawSocket socket, ByteBuffer data) throws IOException {
        if (socket.out == null || socket.out.isEmpty()) {
            socket.channel.write(data);
            if (!data.hasRemaining()) {
                return;
            }
        }
        if (socket.out == null) {
            socket.out = new ArrayDeque<>();
        }
        socket.out.add(data);
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    }

    private void flush(SelectionKey key, RawSocket socket) throws IOException {
        while (socket.out != null && !socket.out.isEmpty()) {
            ByteBuffer head = socket.out.peek();
            socket.channel.write(head);
            if (head.hasRemaining()) {
                return;
            }
            socket.out.poll();
        }
        socket.out = null;
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
    }

    private static void keep(RawSocket socket, ByteBuffer in) {
        socket.pending = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : null;
    }

    private static byte[] mask() {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        return mask;
    }

}

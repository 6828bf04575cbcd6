package io.backchannel.load.rawws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import io.backchannel.load.rawhttp.IoLoop;

/**
 * A client WebSocket for a text protocol, read by a shared {@link IoLoop}: the connecting
 * thread does the TCP connect and the opening handshake (blocking, within a timeout),
 * then the loop reads frames, joins fragmented messages, answers pings, and passes each
 * whole text message and the close to the {@link Listener}, on its thread. Any thread may
 * send.
 */
public final class TextSocket extends IoLoop.Endpoint {

    /** The close code when the connection ended without a close frame. */
    public static final int ABNORMAL = 1006;

    private static final int MAX_FRAME = 1 << 20;

    private final Listener listener;

    /** Input read but not yet consumed (a partial frame); null when none. Loop only. */
    private ByteBuffer pending;

    /** A fragmented message being put together; null when none. Loop only. */
    private ByteArrayOutputStream message;

    private volatile int closeCode = ABNORMAL;

    private volatile String closeReason;

    private TextSocket(SocketChannel channel, IoLoop loop, Listener listener, ByteBuffer pending) {
        super(channel, loop);
        this.listener = listener;
        this.pending = pending;
    }

    /**
     * Connects to {@code uri} ({@code ws://host:port/path?query}) and upgrades, blocking;
     * the socket reads nothing until {@link #listen}.
     * @throws IOException when the connection or the handshake failed or took longer than
     * {@code timeout}
     */
    public static TextSocket connect(IoLoop loop, URI uri, Listener listener, Duration timeout) throws IOException {
        if (!"ws".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a ws://host[:port] URL: " + uri);
        }
        int port = (uri.getPort() > 0) ? uri.getPort() : 80;
        String path = ((uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath())
                + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
        int millis = (int) Math.max(1, timeout.toMillis());
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Socket socket = channel.socket();
            socket.connect(new InetSocketAddress(uri.getHost(), port), millis);
            socket.setSoTimeout(millis);
            String key = Handshake.newKey();
            channel.write(Handshake.request(uri.getHost() + ":" + port, path, key));
            ByteBuffer in = readHead(socket.getInputStream());
            int head = Handshake.headLength(in);
            byte[] bytes = new byte[head];
            in.get(bytes);
            Handshake.check(new String(bytes, StandardCharsets.ISO_8859_1), key);
            channel.configureBlocking(false);
            return new TextSocket(channel, loop, listener, in.hasRemaining() ? in : null);
        }
        catch (IOException | RuntimeException ex) {
            channel.close();
            throw ex;
        }
    }

    /** Starts reading: messages and the close reach the listener from now on. */
    public void listen() {
        start();
    }

    /** Sends a text message; a failure closes the socket. */
    public void sendText(String text) {
        sendText(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a text message of UTF-8 bytes; a failure closes the socket. */
    public void sendText(byte[] utf8) {
        sendFrame(Frames.TEXT, utf8);
    }

    /** Sends a close frame, best effort, and closes the connection. */
    public void close(int code, String reason) {
        if (isClosed()) {
            return;
        }
        this.closeCode = code;
        this.closeReason = reason;
        sendFrame(Frames.CLOSE, closePayload(code, reason));
        close(new IOException("closed by the client with " + code));
    }

    @Override
    protected void attached() throws IOException {
        if (this.pending != null) {
            ByteBuffer in = this.pending;
            this.pending = null;
            received(in);
        }
    }

    @Override
    protected void received(ByteBuffer read) throws IOException {
        ByteBuffer in = read;
        if (this.pending != null) {
            in = ByteBuffer.allocate(this.pending.remaining() + read.remaining()).put(this.pending).put(read).flip();
        }
        Frames.Frame frame;
        while (!isClosed() && (frame = Frames.decode(in, MAX_FRAME)) != null) {
            onFrame(frame);
        }
        this.pending = (in.hasRemaining() && !isClosed()) ? ByteBuffer.allocate(in.remaining()).put(in).flip() : null;
    }

    @Override
    protected void closed(IOException why) {
        String reason = this.closeReason;
        this.listener.onClosed(this, this.closeCode, (reason != null) ? reason : why.getMessage());
    }

    private void onFrame(Frames.Frame frame) {
        long receivedAt = System.nanoTime();
        switch (frame.opcode()) {
            case Frames.TEXT -> {
                if (frame.fin()) {
                    this.listener.onText(this, frame.payload(), receivedAt);
                }
                else {
                    this.message = new ByteArrayOutputStream();
                    this.message.writeBytes(frame.payload());
                }
            }
            case Frames.CONTINUATION -> {
                if (this.message != null) {
                    this.message.writeBytes(frame.payload());
                    if (frame.fin()) {
                        byte[] whole = this.message.toByteArray();
                        this.message = null;
                        this.listener.onText(this, whole, receivedAt);
                    }
                }
            }
            case Frames.PING -> sendFrame(Frames.PONG, frame.payload());
            case Frames.CLOSE -> {
                byte[] payload = frame.payload();
                int code = (payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                this.closeCode = code;
                this.closeReason = (payload.length > 2)
                        ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                sendFrame(Frames.CLOSE, Arrays.copyOf(payload, Math.min(2, payload.length)));
                close(new IOException("closed by the server with " + code));
            }
            default -> {
                // binary (no text protocol sends it), pong, reserved: nothing to do
            }
        }
    }

    private void sendFrame(int opcode, byte[] payload) {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        try {
            send(Frames.encode(opcode, payload, mask));
        }
        catch (IOException ex) {
            close(ex);
        }
    }

    private static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + Math.min(text.length, 123)];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, payload.length - 2);
        return payload;
    }

    /**
     * Reads until the end of the response head; what came after it stays in the buffer.
     */
    private static ByteBuffer readHead(InputStream in) throws IOException {
        byte[] bytes = new byte[4096];
        int length = 0;
        while (true) {
            int n = in.read(bytes, length, bytes.length - length);
            if (n < 0) {
                throw new IOException("handshake: connection closed by the server");
            }
            length += n;
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
            if (Handshake.headLength(buffer) >= 0) {
                return buffer;
            }
            if (length == bytes.length) {
                if (length >= 64 * 1024) {
                    throw new IOException("handshake: response head over 64 KiB");
                }
                bytes = Arrays.copyOf(bytes, length * 2);
            }
        }
    }

    /** What a socket passes on, on its loop's thread: keep it short. */
    public interface Listener {

        /** One whole text message; {@code receivedAt} is {@link System#nanoTime}. */
        void onText(TextSocket socket, byte[] utf8, long receivedAt);

        /**
         * The socket closed, once: {@code code} is the close frame's ({@link #ABNORMAL}
         * when there was none, {@code reason} then says why).
         */
        void onClosed(TextSocket socket, int code, String reason);

    }

}

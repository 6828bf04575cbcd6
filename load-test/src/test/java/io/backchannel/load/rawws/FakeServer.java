package io.backchannel.load.rawws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A WebSocket server just big enough to talk to a {@link SocketPool} or the JDK's client:
 * it answers the upgrade, records every frame a client sends, and lets a test write
 * frames back.
 */
public final class FakeServer implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private final ServerSocket server;

    public final List<Connection> connections = new CopyOnWriteArrayList<>();

    /** Text sent right behind the 101, in the same write, or null. */
    private final String greeting;

    public FakeServer() throws IOException {
        this(null);
    }

    /**
     * A server that sends {@code greeting} as a text frame in the same write as its 101,
     * as a server that speaks first may.
     */
    public FakeServer(String greeting) throws IOException {
        this.greeting = greeting;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return this.server.getLocalPort();
    }

    /** Waits, at most 10 s, for connection {@code i} (from 0) to have been upgraded. */
    public Connection upgraded(int i) {
        await().atMost(Duration.ofSeconds(10))
            .until(() -> this.connections.size() > i && this.connections.get(i).request != null);
        return this.connections.get(i);
    }

    private void accept() {
        try {
            while (true) {
                Connection connection = new Connection(this.server.accept(), this.greeting);
                this.connections.add(connection);
                Thread.ofVirtual().start(connection::serve);
            }
        }
        catch (IOException ex) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        for (Connection connection : this.connections) {
            connection.socket.close();
        }
    }

    public static final class Connection {

        final Socket socket;

        public final List<Frames.Frame> received = new CopyOnWriteArrayList<>();

        public volatile String request;

        private final String greeting;

        Connection(Socket socket, String greeting) {
            this.socket = socket;
            this.greeting = greeting;
        }

        public List<String> texts() {
            return this.received.stream()
                .filter((f) -> f.opcode() == Frames.TEXT)
                .map((f) -> new String(f.payload(), StandardCharsets.UTF_8))
                .toList();
        }

        /** An unmasked server frame. */
        public synchronized void send(int opcode, byte[] payload) throws IOException {
            send(true, opcode, payload);
        }

        /** An unmasked server frame, final or not. */
        public synchronized void send(boolean fin, int opcode, byte[] payload) throws IOException {
            OutputStream out = this.socket.getOutputStream();
            out.write((fin ? 0x80 : 0) | opcode);
            if (payload.length <= 125) {
                out.write(payload.length);
            }
            else {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xFF);
            }
            out.write(payload);
            out.flush();
        }

        public void sendText(String text) throws IOException {
            send(Frames.TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        private void serve() {
            try {
                InputStream in = new DataInputStream(this.socket.getInputStream());
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    head.append((char) in.read());
                }
                Matcher key = KEY.matcher(head);
                key.find();
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                answer.writeBytes(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + Handshake.accept(key.group(1)) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                if (this.greeting != null) {
                    byte[] text = this.greeting.getBytes(StandardCharsets.UTF_8);
                    answer.write(0x80 | Frames.TEXT);
                    answer.write(text.length);
                    answer.writeBytes(text);
                }
                this.socket.getOutputStream().write(answer.toByteArray());
                // Set once answered: a test that sees it may send frames.
                this.request = head.toString();
                ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
                byte[] chunk = new byte[4096];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    buffer.put(chunk, 0, n).flip();
                    Frames.Frame frame;
                    while ((frame = Frames.decode(buffer, 1 << 16)) != null) {
                        this.received.add(frame);
                    }
                    buffer.compact();
                }
            }
            catch (IOException ex) {
                // the client went away
            }
        }

    }

}

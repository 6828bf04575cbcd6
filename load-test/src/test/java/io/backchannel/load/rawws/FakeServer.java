package io.backchannel.load.rawws;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket server just big enough to talk to a {@link SocketPool} or the JDK's client:
 * it answers the upgrade, records every frame a client sends, and lets a test write
 * frames back.
 */
public final class FakeServer implements AutoCloseable {

    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    private final ServerSocket server;

    public final List<Connection> connections = new CopyOnWriteArrayList<>();

    public FakeServer() throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public int port() {
        return this.server.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Connection connection = new Connection(this.server.accept());
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

        final List<Frames.Frame> received = new CopyOnWriteArrayList<>();

        public volatile String request;

        Connection(Socket socket) {
            this.socket = socket;
        }

        public List<String> texts() {
            return this.received.stream()
                .filter((f) -> f.opcode() == Frames.TEXT)
                .map((f) -> new String(f.payload(), StandardCharsets.UTF_8))
                .toList();
        }

        /** An unmasked server frame. */
        synchronized void send(int opcode, byte[] payload) throws IOException {
            OutputStream out = this.socket.getOutputStream();
            out.write(0x80 | opcode);
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
                this.socket.getOutputStream()
                    .write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + Handshake.accept(key.group(1)) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
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

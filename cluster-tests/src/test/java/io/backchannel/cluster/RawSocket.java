package io.backchannel.cluster;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client written on a plain TCP socket, so that a test decides when it reads:
 * one that stops reading fills the node's buffers as a stalled browser would. It speaks
 * just enough of RFC 6455: the handshake, masked text frames out, and text (also
 * fragmented) and close frames in.
 */
final class RawSocket implements AutoCloseable {

    private static final SecureRandom random = new SecureRandom();

    private final Socket socket;

    private final DataInputStream in;

    private final OutputStream out;

    private Integer closeCode;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to the node's {@code /ws} and completes the handshake.
     * @param receiveBuffer the socket's receive buffer in bytes: small, so that a client
     * that stops reading is felt soon
     */
    static RawSocket connect(Node node, int receiveBuffer) {
        try {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("127.0.0.1", node.port()), 5000);
            socket.setSoTimeout(20_000);
            RawSocket raw = new RawSocket(socket);
            raw.handshake(node.port());
            return raw;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void handshake(int port) throws IOException {
        byte[] key = new byte[16];
        random.nextBytes(key);
        this.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        this.out.flush();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) this.in.readUnsignedByte());
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("handshake refused: " + head);
        }
    }

    /** Sends a text frame, masked as a client must. */
    void sendText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        }
        else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        try {
            this.out.write(frame.toByteArray());
            this.out.flush();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The next text message, or null once the node has closed (see {@link #closeCode()}).
     */
    String readText() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int first = this.in.readUnsignedByte();
                int opcode = first & 0x0f;
                long length = this.in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = this.in.readUnsignedShort();
                }
                else if (length == 127) {
                    length = this.in.readLong();
                }
                byte[] payload = new byte[(int) length];
                this.in.readFully(payload);
                if (opcode == 0x8) {
                    this.closeCode = (payload.length >= 2) ? ((payload[0] & 0xff) << 8 | (payload[1] & 0xff)) : 1005;
                    return null;
                }
                if (opcode == 0x1 || opcode == 0x0) {
                    message.writeBytes(payload);
                    if ((first & 0x80) != 0) {
                        return message.toString(StandardCharsets.UTF_8);
                    }
                }
            }
        }
        catch (IOException ex) {
            // The connection ended without a close frame.
            this.closeCode = 1006;
            return null;
        }
    }

    /** Every text message until the node closes. */
    List<String> readUntilClosed() {
        List<String> texts = new ArrayList<>();
        for (String text = readText(); text != null; text = readText()) {
            texts.add(text);
        }
        return texts;
    }

    /** The close code the node sent, 1006 if it sent none; null while open. */
    Integer closeCode() {
        return this.closeCode;
    }

    @Override
    public void close() {
        try {
            this.socket.close();
        }
        catch (IOException ex) {
            // Closed already.
        }
    }

}

package io.backchannel.load.rawws;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The opening handshake of RFC 6455 (section 4), client side.
 */
public final class Handshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private static final byte[] END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private Handshake() {
    }

    /** A fresh Sec-WebSocket-Key: 16 random bytes, base64. */
    public static String newKey() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The upgrade request for {@code path} on {@code host} (host:port as the URL has it).
     */
    public static ByteBuffer request(String host, String path, String key) {
        String request = "GET " + path + " HTTP/1.1\r\n" + "Host: " + host + "\r\n" + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n" + "Sec-WebSocket-Key: " + key + "\r\n" + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
        return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }

    /** The Sec-WebSocket-Accept a server must answer to {@code key}. */
    public static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The length of the response head in {@code in} (from its position, through the blank
     * line), or -1 while it is incomplete.
     */
    public static int headLength(ByteBuffer in) {
        outer: for (int i = in.position(); i <= in.limit() - END.length; i++) {
            for (int j = 0; j < END.length; j++) {
                if (in.get(i + j) != END[j]) {
                    continue outer;
                }
            }
            return i + END.length - in.position();
        }
        return -1;
    }

    /**
     * Checks a response head: 101 and the right Sec-WebSocket-Accept.
     * @throws IOException saying what was wrong (with the status line)
     */
    public static void check(String head, String key) throws IOException {
        String[] lines = head.split("\r\n");
        if (!lines[0].matches("HTTP/1\\.1 101( .*)?")) {
            throw new IOException("handshake refused: " + lines[0]);
        }
        String expected = accept(key);
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                if (line.substring(colon + 1).trim().equals(expected)) {
                    return;
                }
                throw new IOException("handshake: wrong Sec-WebSocket-Accept");
            }
        }
        throw new IOException("handshake: no Sec-WebSocket-Accept");
    }

}

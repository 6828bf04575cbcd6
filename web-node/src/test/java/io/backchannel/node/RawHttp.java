package io.backchannel.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a socket, for requests no HTTP client library would send: headers
 * that lie about the body, broken framing, any bytes at all.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends the bytes, closes the sending half, and reads the answer until the node
     * closes the connection.
     */
    public static Response exchange(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            }
            catch (SocketException ex) {
                // The node may answer and close before it has read everything.
            }
            return Response.parse(readAll(socket.getInputStream()));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        }
        catch (SocketException ex) {
            // A reset after the answer: keep what arrived.
        }
        return bytes.toByteArray();
    }

    /**
     * The first answer on the connection.
     *
     * @param status its status, or 0 when the node sent nothing
     * @param headers its headers, names in lower case
     * @param body its body, de-chunked
     */
    public record Response(int status, Map<String, String> headers, String body) {

        static Response parse(byte[] raw) {
            // One char per byte while the framing is read; the body is decoded as UTF-8
            // after.
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                return new Response(0, Map.of(), new String(raw, StandardCharsets.UTF_8));
            }
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            String body = text.substring(end + 4);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            else if (headers.containsKey("content-length")) {
                body = body.substring(0, Math.min(body.length(), Integer.parseInt(headers.get("content-length"))));
            }
            return new Response(Integer.parseInt(lines[0].substring(9, 12)), headers,
                    new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }

        private static String dechunk(String chunked) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (at < chunked.length()) {
                int lineEnd = chunked.indexOf("\r\n", at);
                if (lineEnd < 0) {
                    break;
                }
                int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
                at = lineEnd + 2 + size + 2;
            }
            return body.toString();
        }

        public String header(String name) {
            return this.headers.get(name.toLowerCase(Locale.ROOT));
        }

    }

}

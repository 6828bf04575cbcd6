package io.backchannel.load.rawhttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP/1.1 server just big enough to test a client against: it reads each request
 * (head and Content-Length body), records it, and answers what the test's script says,
 * raw bytes as they are, or closes the connection, or never answers.
 */
public final class FakeHttpServer implements AutoCloseable {

    private final ServerSocket server;

    private final Function<Request, Reply> script;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** Every request, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    /** Connections accepted so far. */
    public final AtomicInteger accepted = new AtomicInteger();

    /** Connections that ended (the client closed them or the server did). */
    public final AtomicInteger ended = new AtomicInteger();

    public FakeHttpServer(Function<Request, Reply> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + this.server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        for (Socket socket : this.sockets) {
            socket.close();
        }
    }

    private void accept() {
        try {
            while (true) {
                Socket socket = this.server.accept();
                int connection = this.accepted.incrementAndGet();
                this.sockets.add(socket);
                Thread.ofVirtual().start(() -> serve(socket, connection));
            }
        }
        catch (IOException ex) {
            // closed
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            InputStream in = socket.getInputStream();
            while (true) {
                Request request = read(in, connection);
                if (request == null) {
                    return;
                }
                this.requests.add(request);
                Reply reply = this.script.apply(request);
                if (reply.hang()) {
                    // Reads on until the client gives up and closes.
                    while (in.read() >= 0) {
                        // nothing
                    }
                    return;
                }
                socket.getOutputStream().write(reply.bytes());
                socket.getOutputStream().flush();
                if (reply.close()) {
                    return;
                }
            }
        }
        catch (IOException ex) {
            // the client went away
        }
        finally {
            this.ended.incrementAndGet();
        }
    }

    private static Request read(InputStream in, int connection) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r') ? 1 : 0;
        }
        if (matched < 4) {
            return null;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Request(connection, text, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * A request as received.
     *
     * @param connection which connection it came on (1 for the first accepted)
     * @param head its request line and headers
     * @param body its body
     */
    public record Request(int connection, String head, String body) {

        public String requestLine() {
            return this.head.substring(0, this.head.indexOf("\r\n"));
        }

    }

    /**
     * What the server does with a request.
     *
     * @param bytes the answer, as sent
     * @param close whether to close the connection after it
     * @param hang whether to send nothing at all, until the client closes
     */
    public record Reply(byte[] bytes, boolean close, boolean hang) {

        /**
         * {@code status} with a JSON body and its Content-Length, plus {@code headers}.
         */
        public static Reply json(int status, String body, String... headers) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return raw("HTTP/1.1 " + status + " \r\n" + String.join("", headers)
                    + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body);
        }

        public static Reply raw(String response) {
            return new Reply(response.getBytes(StandardCharsets.UTF_8), false, false);
        }

        /** Closes the connection without answering. */
        public static Reply hangUp() {
            return new Reply(new byte[0], true, false);
        }

        public static Reply never() {
            return new Reply(new byte[0], false, true);
        }

        public Reply thenClose() {
            return new Reply(this.bytes, true, false);
        }

    }

}

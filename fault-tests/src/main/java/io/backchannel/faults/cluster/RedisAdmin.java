package io.backchannel.faults.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Administrative commands to the private Redis, spoken directly (an inline command, as
 * {@code redis-cli} sends it), so the suite needs no Redis client of its own.
 */
public final class RedisAdmin {

    private static final int TIMEOUT_MILLIS = 5000;

    private final int port;

    public RedisAdmin(int port) {
        this.port = port;
    }

    /**
     * {@code CLIENT KILL TYPE type}: drops every connection of that type (normal,
     * pubsub), except this one.
     * @return how many connections Redis closed
     */
    public long clientKill(String type) {
        String answer = command("CLIENT KILL TYPE " + type);
        if (!answer.startsWith(":")) {
            throw new ClusterException("CLIENT KILL TYPE " + type + " on port " + this.port + ": " + answer);
        }
        return Long.parseLong(answer.substring(1));
    }

    private String command(String inline) {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
            if (line == null) {
                throw new ClusterException(inline + ": Redis on port " + this.port + " closed the connection");
            }
            return line;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(inline + ": Redis on port " + this.port + " unreachable", ex);
        }
    }

}

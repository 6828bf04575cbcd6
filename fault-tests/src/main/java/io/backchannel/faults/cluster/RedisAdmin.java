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

    /**
     * Whether this Redis Cluster node sees the primary on {@code port} failed and its
     * slots served by another node: a replica took over. Until then, a primary restarted
     * without persistence would come back empty and still own its slots.
     */
    public boolean sawFailover(int port) {
        String nodes = command("CLUSTER NODES");
        String address = "127.0.0.1:" + port + "@";
        for (String line : nodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length >= 8 && fields[1].startsWith(address)) {
                // id addr flags master ping pong epoch link-state [slot ...]
                boolean failed = ("," + fields[2] + ",").contains(",fail,");
                return failed && fields.length == 8;
            }
        }
        throw new ClusterException("CLUSTER NODES on port " + this.port + " does not list 127.0.0.1:" + port);
    }

    private String command(String inline) {
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null) {
                throw new ClusterException(inline + ": Redis on port " + this.port + " closed the connection");
            }
            if (!line.startsWith("$") || line.equals("$-1")) {
                return line;
            }
            // A bulk string: its length in bytes, then the text (ASCII here).
            char[] text = new char[Integer.parseInt(line.substring(1))];
            int read = 0;
            while (read < text.length) {
                int n = in.read(text, read, text.length - read);
                if (n < 0) {
                    throw new ClusterException(inline + ": Redis on port " + this.port + " closed the connection");
                }
                read += n;
            }
            return new String(text);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(inline + ": Redis on port " + this.port + " unreachable", ex);
        }
    }

}

package io.backchannel.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback to one port that can stall: while stalled it passes no byte
 * either way and closes nothing, so the connections through it hang as in a network
 * partition; resumed, they go on where they were.
 */
final class StallingProxy implements AutoCloseable {

    private final ServerSocket server;

    private final String targetHost;

    private final int targetPort;

    private final Object gate = new Object();

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private boolean stalled;

    StallingProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("stalling-proxy-accept").start(this::accept);
    }

    int port() {
        return this.server.getLocalPort();
    }

    void stall() {
        synchronized (this.gate) {
            this.stalled = true;
        }
    }

    void resume() {
        synchronized (this.gate) {
            this.stalled = false;
            this.gate.notifyAll();
        }
    }

    private void accept() {
        while (!this.server.isClosed()) {
            try {
                Socket client = this.server.accept();
                Socket upstream = new Socket(this.targetHost, this.targetPort);
                this.sockets.add(client);
                this.sockets.add(upstream);
                Thread.ofVirtual().start(() -> pipe(client, upstream));
                Thread.ofVirtual().start(() -> pipe(upstream, client));
            }
            catch (IOException ex) {
                // Closed, or the target refused: the client sees its connection fail.
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitOpen();
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        catch (IOException ex) {
            // One side closed: the other follows below.
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (this.gate) {
            while (this.stalled) {
                this.gate.wait();
            }
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        this.server.close();
        this.sockets.forEach(StallingProxy::closeQuietly);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // Closing anyway.
        }
    }

}

package io.backchannel.faults.traffic;

import java.util.ArrayList;
import java.util.List;

import io.backchannel.contracts.ws.Welcome;
import io.backchannel.load.client.Fleet;
import io.backchannel.load.client.LoadClient;
import io.backchannel.load.client.UpdateSocket;

/**
 * Watches sockets through a fault: which of them the fault dropped, and how long until
 * each was welcomed again (on any node). Polls every 50 ms; a new welcome means the
 * socket reconnected and resumed.
 */
public final class SocketWatch {

    private static final long POLL_MILLIS = 50;

    private final long start = System.nanoTime();

    private final List<UpdateSocket> sockets = new ArrayList<>();

    private final List<Welcome> before = new ArrayList<>();

    private final long[] backAt;

    private final int[] reconnects;

    private volatile boolean stopped;

    private int notBack;

    private SocketWatch(Fleet<LoadClient> fleet, String nodeId) {
        for (int i = 0; i < fleet.size(); i++) {
            UpdateSocket socket = fleet.client(i).socket();
            Welcome welcome = socket.welcome();
            if (nodeId == null || (welcome != null && nodeId.equals(welcome.nodeId()))) {
                this.sockets.add(socket);
                this.before.add(welcome);
            }
        }
        this.backAt = new long[this.sockets.size()];
        this.reconnects = this.sockets.stream().mapToInt(UpdateSocket::reconnects).toArray();
    }

    /**
     * Starts watching the fleet's sockets held by node {@code nodeId} now, or all of them
     * when it is null.
     */
    public static SocketWatch start(Fleet<LoadClient> fleet, String nodeId) {
        SocketWatch watch = new SocketWatch(fleet, nodeId);
        Thread.ofVirtual().name("socket-watch").start(watch::poll);
        return watch;
    }

    private void poll() {
        try {
            while (!this.stopped) {
                check();
                Thread.sleep(POLL_MILLIS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void check() {
        if (this.stopped) {
            return;
        }
        long now = System.nanoTime();
        for (int i = 0; i < this.sockets.size(); i++) {
            if (this.backAt[i] == 0 && this.sockets.get(i).welcome() != this.before.get(i)) {
                this.backAt[i] = now;
            }
        }
    }

    /**
     * Stops watching: the figures stay as they are now (a later fault may drop these
     * sockets again; that is its own business).
     */
    public synchronized void stop() {
        if (!this.stopped) {
            check();
            this.notBack = countNotBack();
            this.stopped = true;
        }
    }

    /** Sockets watched. */
    public int watched() {
        return this.sockets.size();
    }

    /** Sockets welcomed again since the watch started: the fault moved them. */
    public synchronized int moved() {
        int moved = 0;
        for (long at : this.backAt) {
            moved += (at != 0) ? 1 : 0;
        }
        return moved;
    }

    /**
     * Seconds from the start of the watch until the last moved socket was welcomed again,
     * or null when none moved.
     */
    public synchronized Double lastBackSeconds() {
        long last = 0;
        for (long at : this.backAt) {
            last = Math.max(last, at);
        }
        return (last == 0) ? null : (last - this.start) / 1e9;
    }

    /**
     * Sockets that lost their connection after the watch started and had not been
     * welcomed again when it stopped (or by now, while it runs): their clients hear
     * nothing.
     */
    public synchronized int notBack() {
        return this.stopped ? this.notBack : countNotBack();
    }

    private int countNotBack() {
        int down = 0;
        for (int i = 0; i < this.sockets.size(); i++) {
            if (this.backAt[i] == 0 && this.sockets.get(i).reconnects() > this.reconnects[i]) {
                down++;
            }
        }
        return down;
    }

}

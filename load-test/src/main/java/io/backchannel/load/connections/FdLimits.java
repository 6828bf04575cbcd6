package io.backchannel.load.connections;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * Whether this process and the node may open enough files for the next step, and what to
 * do when they may not. Each socket takes a file descriptor on both sides.
 */
final class FdLimits {

    /** Descriptors kept free for everything else (jars, HTTP connections, logs). */
    static final int MARGIN = 256;

    private final NodeProcess node;

    FdLimits(NodeProcess node) {
        this.node = node;
    }

    /**
     * Null when {@code sockets} sockets fit in both limits (with {@code open} of them
     * open already), else what to do.
     */
    String check(int sockets, int open) throws IOException {
        long mine = ownLimit();
        if (mine >= 0 && sockets + MARGIN > mine) {
            return String.format(
                    "%d sockets need about %d open files in this JVM, its limit is %d: run `ulimit -n %d`"
                            + " (as root, `ulimit -Hn` may need raising first) in the shell that starts the load test",
                    sockets, sockets + MARGIN, mine, suggested(sockets));
        }
        if (this.node != null && this.node.alive()) {
            long limit = this.node.openFilesLimit();
            long used = this.node.openFiles();
            if (used + (sockets - open) + MARGIN > limit) {
                return String.format("the node (pid %d) has %d files open and may open %d; %d more sockets do not fit:"
                        + " raise it live with `prlimit --pid %d --nofile=%d:%d`, or start the cluster from a shell"
                        + " with `ulimit -n %d`", this.node.pid(), used, limit, sockets - open, this.node.pid(),
                        suggested(sockets), suggested(sockets), suggested(sockets));
            }
        }
        return null;
    }

    /** The ephemeral port range's size (Linux), or -1. */
    static int ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        }
        catch (IOException | RuntimeException ex) {
            return -1;
        }
    }

    static long ownLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return (os instanceof UnixOperatingSystemMXBean unix) ? unix.getMaxFileDescriptorCount() : -1;
    }

    private static long suggested(int sockets) {
        return Math.max(65536, (sockets + MARGIN) * 2L);
    }

}

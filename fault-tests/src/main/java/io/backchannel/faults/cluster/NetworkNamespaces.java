package io.backchannel.faults.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Whether this machine lets the suite put a web node in a network namespace of its own:
 * the launcher's {@code NETNS_NODE} needs root (namespaces and veth links) and {@code ip}
 * from iproute2.
 */
public final class NetworkNamespaces {

    private NetworkNamespaces() {
    }

    /** Root, and {@code ip netns list} answers. */
    public static boolean usable() {
        return root() && answers("ip", "netns", "list");
    }

    private static boolean root() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status"))
                .stream()
                .filter((line) -> line.startsWith("Uid:"))
                .findFirst()
                .map((line) -> line.split("\\s+")[1].equals("0"))
                .orElse(false);
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static boolean answers(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

}

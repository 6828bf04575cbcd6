package io.backchannel.load;

import java.net.URI;
import java.util.List;

/**
 * Which system a scenario drives ({@code --system}): the same clients, pacing and tally,
 * only the protocol differs.
 */
public enum SystemUnderTest {

    /** Backchannel's web nodes: sessions, {@code /ws}, protocol v1. */
    BACKCHANNEL("backchannel", "http://127.0.0.1:8081,8082,8083"),

    /**
     * The hand-built Socket.IO stack of load-test/baseline: a client id, Socket.IO v4
     * over WebSocket, {@code POST /api/requests} with the client id in the body.
     */
    BASELINE("baseline", "http://127.0.0.1:3101,3102,3103");

    private final String wire;

    private final String defaultNodes;

    SystemUnderTest(String wire, String defaultNodes) {
        this.wire = wire;
        this.defaultNodes = defaultNodes;
    }

    /** Its name on the command line and in results files. */
    public String wire() {
        return this.wire;
    }

    /** Its nodes when {@code --nodes} is not given. */
    public List<URI> defaultNodes() {
        return Args.parseUris(this.defaultNodes);
    }

    /**
     * @throws UsageException for a name that is none of them
     */
    public static SystemUnderTest of(String name) {
        for (SystemUnderTest system : values()) {
            if (system.wire.equals(name)) {
                return system;
            }
        }
        throw new UsageException("--system=" + name + ": expected backchannel or baseline");
    }

}

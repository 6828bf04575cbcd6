package io.backchannel.contracts.ws;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The path an update took to the socket.
 */
public enum Via {

    /** The node that consumed the reply holds the socket. */
    LOCAL("local"),

    /** Another node consumed the reply and forwarded it over the Redis backplane. */
    BACKPLANE("backplane"),

    /** Read back from the client's inbox: after a (re)connect, or to fill a gap. */
    REPLAY("replay");

    private final String wire;

    Via(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return this.wire;
    }

}

package io.backchannel.node.cluster;

/**
 * The sockets this node holds, as its heartbeat keeps their presence. Implemented where
 * the sockets are (the session package), so that this package, which the others use for
 * the node's identity, uses none of them.
 */
public interface HeldSockets {

    /**
     * Writes again the presence entries of one slice of the open sockets this node holds:
     * those whose id falls in slice {@code slice} of {@code slices} (by
     * {@link #sliceOf}). Called on every heartbeat with the next slice, so each socket's
     * entry is written once per {@code slices} heartbeats; with {@code slices} 1, all of
     * them.
     * @return how many sockets this node holds in all
     */
    int refreshPresence(int slice, int slices);

    /** Which of {@code slices} slices a socket id falls in. */
    static int sliceOf(String socketId, int slices) {
        return Math.floorMod(socketId.hashCode(), slices);
    }

}

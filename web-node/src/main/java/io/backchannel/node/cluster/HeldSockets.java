package io.backchannel.node.cluster;

/**
 * The sockets this node holds, as its heartbeat keeps them alive. Implemented where the
 * sockets are (the session package), so that this package, which the others use for the
 * node's identity, uses none of them.
 */
public interface HeldSockets {

    /**
     * Re-announces the presence of every open socket this node holds, so that it outlives
     * the heartbeat TTL by another interval. Called on every heartbeat, before the
     * heartbeat key is written.
     * @return how many sockets there were
     */
    int refreshPresence();

}

package io.backchannel.load.client;

import io.backchannel.contracts.ws.UpdateFrame;

/**
 * Receives the updates of one or more {@link UpdateSocket}s. Called on the socket's
 * thread, one frame at a time per socket; implementations shared by sockets must be
 * thread-safe.
 */
public interface UpdateListener {

    /**
     * A new event for this socket (its id is above every id the socket saw before).
     * @param receivedAt {@link System#nanoTime} when the frame was read
     */
    void onUpdate(UpdateFrame update, long receivedAt);

    /**
     * An event this socket had already seen (an id at or below its cursor), dropped as a
     * client must drop it. The node promises each event once per socket, so outside of
     * faults this should not happen.
     */
    default void onRepeated(UpdateFrame update) {
    }

}

package io.backchannel.load.rawws;

import io.backchannel.contracts.ws.UpdateFrame;

/**
 * Receives the updates of a {@link SocketPool}'s sockets, on its selector thread: keep it
 * short.
 */
@FunctionalInterface
public interface SocketListener {

    /**
     * A new event on socket {@code socket} (events at or below its cursor are dropped
     * before this).
     */
    void onUpdate(int socket, UpdateFrame update, long receivedAt);

}

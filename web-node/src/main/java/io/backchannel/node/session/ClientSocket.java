package io.backchannel.node.session;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.contracts.ws.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * One client socket on this node, and how far its owner's inbox has been written to it.
 *
 * <p>
 * Everything written to the socket goes through {@link #lock()}, so updates leave in
 * inbox order and the cursor always names the last event written.
 */
public final class ClientSocket {

    private static final Logger logger = LoggerFactory.getLogger(ClientSocket.class);

    private final String id;

    private final WebSocketSession session;

    private final ReentrantLock lock = new ReentrantLock();

    private volatile ClientId client;

    private String cursor = EventIds.START;

    ClientSocket(String id, WebSocketSession session) {
        this.id = id;
        this.session = session;
    }

    public String id() {
        return this.id;
    }

    /** The owner, once the hello was accepted; null before. */
    public ClientId client() {
        return this.client;
    }

    void identify(ClientId client, String cursor) {
        this.client = client;
        this.cursor = cursor;
    }

    public ReentrantLock lock() {
        return this.lock;
    }

    /**
     * The last event written to this socket; read and move it only while holding the
     * lock.
     */
    public String cursor() {
        return this.cursor;
    }

    public void advance(String eventId) {
        this.cursor = eventId;
    }

    public boolean isOpen() {
        return this.session.isOpen();
    }

    /**
     * Writes a frame. A client that reads too slowly is closed with 1013 (it will
     * resume); any other failure closes the socket. Returns whether the frame was handed
     * to the socket.
     */
    public boolean send(ServerFrame frame) {
        if (!this.session.isOpen()) {
            return false;
        }
        try {
            this.session.sendMessage(new TextMessage(Json.mapper().writeValueAsString(frame)));
            return true;
        }
        catch (SessionLimitExceededException ex) {
            logger.info("Closing socket {} of client {}: too slow ({})", this.id, this.client, ex.getMessage());
            close(CloseCodes.TRY_AGAIN_LATER, "too slow");
        }
        catch (IOException | IllegalStateException ex) {
            logger.debug("Send to socket {} failed: {}", this.id, ex.getMessage());
            close(CloseCodes.SERVICE_RESTART, "send failed");
        }
        return false;
    }

    public void close(int code, String reason) {
        try {
            if (this.session.isOpen()) {
                this.session.close(new CloseStatus(code, reason));
            }
        }
        catch (IOException | IllegalStateException ex) {
            logger.debug("Close of socket {} failed: {}", this.id, ex.getMessage());
        }
    }

}

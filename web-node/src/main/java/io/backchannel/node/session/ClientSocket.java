package io.backchannel.node.session;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.ws.ServerFrame;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;

/**
 * One client socket on this node, and how far its owner's inbox has been written to it.
 *
 * <p>
 * Every update written to the socket goes through its {@link DeliveryCursor}, under the
 * cursor's lock, so updates leave in inbox order and the cursor always names the last
 * event written. Writing only queues the frame ({@link SocketOutbox}), so the lock is
 * never held across network I/O.
 */
public final class ClientSocket {

    private static final AtomicIntegerFieldUpdater<ClientSocket> SUBMITS = AtomicIntegerFieldUpdater
        .newUpdater(ClientSocket.class, "submitsInFlight");

    private static final AtomicIntegerFieldUpdater<ClientSocket> FORGOTTEN = AtomicIntegerFieldUpdater
        .newUpdater(ClientSocket.class, "forgotten");

    private final String id;

    private final SocketOutbox outbox;

    private final DeliveryCursor cursor = new DeliveryCursor();

    private volatile ClientId client;

    /**
     * Submits taken and not yet answered; an int rather than an atomic object, as every
     * idle socket holds it.
     */
    private volatile int submitsInFlight;

    /** When the token this socket lives on expires, epoch ms; 0 before the hello. */
    private volatile long tokenExpiresAt;

    /** Whether the client was told that its token expired, and the grace began. */
    private volatile boolean expiryNoticed;

    /** 1 once taken off this node's books (its sessions, its presence entry). */
    private volatile int forgotten;

    ClientSocket(String id, SocketOutbox outbox) {
        this.id = id;
        this.outbox = outbox;
    }

    public String id() {
        return this.id;
    }

    /** The owner, once the hello was accepted; null before. */
    public ClientId client() {
        return this.client;
    }

    void identify(ClientId client) {
        this.client = client;
    }

    /** The socket now lives on a token that expires then (the hello's, or an auth's). */
    void tokenValidUntil(Instant expiresAt) {
        this.tokenExpiresAt = expiresAt.toEpochMilli();
        this.expiryNoticed = false;
    }

    /**
     * Where this socket stands with its token at the given time.
     * @param graceMillis how long a socket may stay after its token expired
     */
    TokenState tokenState(long nowMillis, long graceMillis) {
        long expiresAt = this.tokenExpiresAt;
        if (this.client == null || expiresAt == 0 || nowMillis < expiresAt) {
            return TokenState.VALID;
        }
        return (nowMillis >= expiresAt + graceMillis) ? TokenState.GRACE_OVER : TokenState.EXPIRED;
    }

    /** Notes that the client was told of the expiry; true the first time only. */
    boolean noticeExpiry() {
        if (this.expiryNoticed) {
            return false;
        }
        this.expiryNoticed = true;
        return true;
    }

    /** Where a socket stands with its token. */
    enum TokenState {

        VALID, EXPIRED, GRACE_OVER

    }

    /**
     * How far the inbox has been written to this socket; every update goes through it.
     */
    DeliveryCursor cursor() {
        return this.cursor;
    }

    /**
     * Takes one more submit unless this socket already has {@code max} unanswered.
     * @return whether it was taken; if so, {@link #submitAnswered()} must follow
     */
    boolean submitTaken(int max) {
        while (true) {
            int now = this.submitsInFlight;
            if (now >= max) {
                return false;
            }
            if (SUBMITS.compareAndSet(this, now, now + 1)) {
                return true;
            }
        }
    }

    void submitAnswered() {
        SUBMITS.decrementAndGet(this);
    }

    public boolean isOpen() {
        return this.outbox.isOpen();
    }

    /**
     * Writes a frame (queues it for the socket's writer). A client that reads too slowly
     * is closed with 1013 (it will resume). Returns whether the frame was taken.
     */
    public boolean send(ServerFrame frame) {
        return this.outbox.offer(new TextMessage(Json.mapper().writeValueAsString(frame)));
    }

    /**
     * True the first time only: whoever gets it takes the socket off this node's books,
     * so a socket a drain closed is not removed again when its close comes in.
     */
    boolean forget() {
        return FORGOTTEN.compareAndSet(this, 0, 1);
    }

    /** Closes the socket once the frames already taken are written. */
    public void close(int code, String reason) {
        this.outbox.close(new CloseStatus(code, reason));
    }

    /**
     * Closes the socket and waits until the close is out: for the thread reading the
     * socket, which should read nothing more of it.
     */
    void closeAndWait(int code, String reason) {
        close(code, reason);
        this.outbox.awaitClosed();
    }

}

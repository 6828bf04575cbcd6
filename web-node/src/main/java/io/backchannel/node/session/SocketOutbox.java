package io.backchannel.node.session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.ws.CloseCodes;
import io.micrometer.core.instrument.Counter;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * A socket's outgoing frames, written by a (virtual) thread of their own, so that a
 * client that reads slowly holds up nobody but itself: whoever sends (a reply consumer,
 * the backplane listener) only queues, and never waits on the network.
 *
 * <p>
 * A client is too slow when more than the buffer limit is queued for it, or when one
 * write has taken longer than the time limit. It is then closed with 1013 and what is
 * still queued is dropped: every update is in the client's inbox, and the client resumes
 * from its last event. The write in hand is let finish first, so that the client that
 * reads again sees whole frames and then the close; the time limit bounds how long that
 * may take.
 *
 * <p>
 * This takes the place of Spring's {@code ConcurrentWebSocketSessionDecorator}, whose
 * limits are checked only by a second sender arriving while the first is stuck in a
 * write: with every send of a socket serialised (see {@link DeliveryCursor}), there never
 * was a second one, and a stuck write held up the sending thread instead.
 */
final class SocketOutbox {

    private static final Logger logger = LoggerFactory.getLogger(SocketOutbox.class);

    /**
     * Tomcat's bound on one blocking write (its default is 20 s): set to the time limit,
     * a write to a client that stopped reading fails instead of hanging the writer.
     */
    static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private static final CloseStatus TOO_SLOW = new CloseStatus(CloseCodes.TRY_AGAIN_LATER, "too slow");

    private static final CloseStatus SEND_FAILED = new CloseStatus(CloseCodes.SERVICE_RESTART, "send failed");

    private final String id;

    private final WebSocketSession session;

    private final long bufferLimit;

    private final long timeLimitNanos;

    private final Counter tooSlow;

    // Room for one frame: an idle socket has none queued, and the deque grows when a
    // client reads slowly (the default room of 16 would cost every socket 64 B).
    private final Deque<TextMessage> queue = new ArrayDeque<>(1);

    private long queuedBytes;

    private boolean writing;

    private long writeStartedAt;

    private CloseStatus closing;

    /**
     * Whether the close is out, waited for on this object's monitor (a latch would cost
     * every socket 80 B).
     */
    private boolean closed;

    /**
     * @param id the socket's id, for logs
     * @param session the container's session
     * @param properties the send time and buffer limits
     * @param tooSlow counts the clients closed for being too slow
     */
    SocketOutbox(String id, WebSocketSession session, SessionProperties properties, Counter tooSlow) {
        this.id = id;
        this.session = session;
        this.bufferLimit = properties.sendBufferLimit().toBytes();
        this.timeLimitNanos = properties.sendTimeLimit().toNanos();
        this.tooSlow = tooSlow;
        if (session instanceof NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession(Session.class) instanceof Session container) {
            container.getUserProperties().put(BLOCKING_SEND_TIMEOUT, properties.sendTimeLimit().toMillis());
        }
    }

    boolean isOpen() {
        synchronized (this) {
            if (this.closing != null) {
                return false;
            }
        }
        return this.session.isOpen();
    }

    /**
     * Queues a frame.
     * @return false when the socket is closed or closing, or when this frame showed the
     * client too slow (it is being closed with 1013 then)
     */
    boolean offer(TextMessage message) {
        synchronized (this) {
            if (this.closing != null || !this.session.isOpen()) {
                return false;
            }
            boolean stuck = this.writing && System.nanoTime() - this.writeStartedAt > this.timeLimitNanos;
            // One frame is always taken when nothing waits, however
            // large: the limit is on what piles up behind the write in
            // hand.
            if (!stuck && (this.queue.isEmpty() || this.queuedBytes + message.getPayloadLength() <= this.bufferLimit)) {
                this.queue.add(message);
                this.queuedBytes += message.getPayloadLength();
                startWriter();
                return true;
            }
            closeAfterWrite(TOO_SLOW, true);
        }
        tooSlow();
        return false;
    }

    /**
     * Closes the socket once what is queued is written (the writer's limits bound how
     * long that takes).
     */
    synchronized void close(CloseStatus status) {
        closeAfterWrite(status, false);
    }

    /**
     * Waits until the close frame is out (at most about the time limit). For the thread
     * that reads this socket, when it refuses the client: it reads nothing more of a
     * socket it is closing, and no other socket waits for it.
     */
    void awaitClosed() {
        long deadline = System.nanoTime() + this.timeLimitNanos;
        synchronized (this) {
            for (long left = this.timeLimitNanos; !this.closed && left > 0; left = deadline - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void closeAfterWrite(CloseStatus status, boolean dropQueued) {
        if (this.closing != null) {
            return;
        }
        this.closing = status;
        if (dropQueued) {
            this.queue.clear();
            this.queuedBytes = 0;
        }
        startWriter();
    }

    private void startWriter() {
        if (!this.writing) {
            this.writing = true;
            this.writeStartedAt = System.nanoTime();
            Thread.ofVirtual().name("ws-writer-" + this.id).start(this::write);
        }
    }

    /** The writer: sends until the queue is empty, then closes if asked to. */
    private void write() {
        while (true) {
            TextMessage next;
            CloseStatus close = null;
            synchronized (this) {
                next = this.queue.poll();
                if (next == null) {
                    this.writing = false;
                    close = this.closing;
                }
                else {
                    this.writeStartedAt = System.nanoTime();
                }
            }
            if (next == null) {
                if (close != null) {
                    closeSession(close);
                }
                return;
            }
            try {
                this.session.sendMessage(next);
            }
            catch (IOException | IllegalStateException | UnsupportedOperationException ex) {
                failed(ex);
                return;
            }
            synchronized (this) {
                this.queuedBytes -= next.getPayloadLength();
            }
        }
    }

    /**
     * A write failed: the connection is gone, or the write ran out of time (the container
     * has then closed the session itself).
     */
    private void failed(Exception ex) {
        CloseStatus status;
        boolean newlyTooSlow;
        synchronized (this) {
            boolean timedOut = System.nanoTime() - this.writeStartedAt >= this.timeLimitNanos;
            // A client already being closed (too slow, or refused) keeps that status and
            // is not counted twice.
            newlyTooSlow = timedOut && this.closing == null;
            if (this.closing == null) {
                this.closing = timedOut ? TOO_SLOW : SEND_FAILED;
            }
            status = this.closing;
            this.queue.clear();
            this.queuedBytes = 0;
            this.writing = false;
        }
        if (newlyTooSlow) {
            tooSlow();
        }
        logger.debug("Write to socket {} failed: {}", this.id, ex.toString());
        closeSession(status);
    }

    private void tooSlow() {
        this.tooSlow.increment();
        logger.info("Closing socket {} with 1013: the client reads too slowly", this.id);
    }

    private void closeSession(CloseStatus status) {
        try {
            if (this.session.isOpen()) {
                this.session.close(status);
            }
        }
        catch (IOException | IllegalStateException ex) {
            logger.debug("Close of socket {} failed: {}", this.id, ex.getMessage());
        }
        finally {
            synchronized (this) {
                this.closed = true;
                notifyAll();
            }
        }
    }

}

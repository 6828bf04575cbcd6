package io.backchannel.node.session;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.InboxFrame;
import io.backchannel.contracts.ws.Via;

/**
 * How far one socket has been written its client's inbox: the id of the last event
 * written to it, and the lock that every write of an update to the socket is made under.
 *
 * <p>
 * Only this class reads or moves the cursor, and only while holding the lock, so the
 * socket gets its inbox exactly: in order, each event once, with no gaps (design note 1).
 * A pushed event whose predecessor is the cursor is written as it came. Anything else, an
 * event that overtook another, a doorbell, a socket that missed a push, makes the socket
 * read its inbox from the cursor on. An event at or before the cursor is dropped. The
 * socket and the inbox are passed in ({@link Writer}, {@link Backlog}), so this class
 * holds nothing but the cursor and its lock.
 */
final class DeliveryCursor {

    private final ReentrantLock lock = new ReentrantLock();

    /** The last event written to the socket; guarded by {@link #lock}. */
    private String lastWritten = EventIds.START;

    /**
     * Starts the cursor after {@code from} (the client's {@code lastEventId}, or
     * {@link EventIds#START}) and runs {@code opening} holding the lock: what it writes
     * (the welcome, the replay) leaves before any pushed event, which waits. It may call
     * {@link #catchUp} and {@link #offer}, as the lock is re-entrant.
     */
    void startAfter(String from, Runnable opening) {
        this.lock.lock();
        try {
            this.lastWritten = from;
            opening.run();
        }
        finally {
            this.lock.unlock();
        }
    }

    /**
     * Offers a pushed event: written as it came when its predecessor is the cursor,
     * dropped when it is at or before the cursor, else the socket reads its inbox from
     * the cursor on (where the pushed event, when met, keeps the way it came).
     */
    void offer(PushedEvent event, Via via, Backlog backlog, Writer writer) {
        this.lock.lock();
        try {
            if (!writer.isOpen() || EventIds.compare(event.eventId(), this.lastWritten) <= 0) {
                return;
            }
            String previous = (event.previousEventId() != null) ? event.previousEventId() : EventIds.START;
            if (event.frame() != null && previous.equals(this.lastWritten)) {
                write(writer, event.frame(), via);
            }
            else {
                replay(backlog, writer, event.eventId(), via);
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    /** Writes everything in the inbox after the cursor. */
    void catchUp(Backlog backlog, Writer writer) {
        this.lock.lock();
        try {
            replay(backlog, writer, null, null);
        }
        finally {
            this.lock.unlock();
        }
    }

    private void replay(Backlog backlog, Writer writer, String pushedEventId, Via pushedVia) {
        while (writer.isOpen()) {
            List<InboxFrame> events = backlog.after(this.lastWritten);
            for (InboxFrame event : events) {
                Via via = event.eventId().equals(pushedEventId) ? pushedVia : Via.REPLAY;
                if (!write(writer, event, via)) {
                    return;
                }
            }
            if (events.size() < backlog.batchSize()) {
                return;
            }
        }
    }

    private boolean write(Writer writer, InboxFrame frame, Via via) {
        if (!writer.write(frame, via)) {
            return false;
        }
        this.lastWritten = frame.eventId();
        return true;
    }

    /** The socket, as the cursor writes to it. */
    interface Writer {

        boolean isOpen();

        /**
         * Writes (queues) an update that came the given way.
         * @return whether the socket took it; the cursor moves only then
         */
        boolean write(InboxFrame frame, Via via);

    }

    /** The client's inbox, as the cursor reads it. */
    interface Backlog {

        /**
         * Up to {@link #batchSize()} events after {@code eventId} (exclusive), oldest
         * first, each with its eventId and seq.
         */
        List<InboxFrame> after(String eventId);

        /** The most {@link #after} returns at once; fewer means the inbox ends there. */
        int batchSize();

    }

}

package io.backchannel.node.record;

import java.util.List;

import io.backchannel.contracts.id.NodeId;

/**
 * What one worker update did to its record.
 *
 * @param kind see {@link Kind}
 * @param eventId the inbox event to deliver (the new one, or on a duplicate the stored
 * one)
 * @param previousEventId the inbox entry just before the new event, or null: a socket
 * whose cursor is there can take the event as is, any other must read the gap from the
 * inbox first
 * @param seq the record's update count
 * @param type the request's job type (null unless delivered)
 * @param createdAt when the request was accepted, epoch ms (0 unless delivered)
 * @param callbackUrl the request's callback, or null (always null unless delivered)
 * @param nodes the nodes holding a live session of the owner
 */
public record ApplyOutcome(Kind kind, String eventId, String previousEventId, long seq, String type, long createdAt,
        String callbackUrl, List<NodeId> nodes) {

    public enum Kind {

        /**
         * Newer than the stored state: the record advanced and the event is in the inbox.
         */
        APPLIED,

        /**
         * Equal to the last applied update (a redelivery): nothing changed; deliver
         * again.
         */
        DUPLICATE,

        /** Older than the stored state, or after the terminal one: dropped. */
        STALE,

        /** No such record (expired, or never accepted): dropped. */
        UNKNOWN;

        public boolean delivers() {
            return this == APPLIED || this == DUPLICATE;
        }

    }

}

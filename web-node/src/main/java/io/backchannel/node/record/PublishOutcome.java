package io.backchannel.node.record;

/**
 * What one publish did to its client's inbox.
 *
 * @param kind see {@link Kind}
 * @param eventId the publish's inbox event (new, or stored by the first publish); null on
 * a conflict
 * @param previousEventId the inbox entry just before a new event, or null
 */
public record PublishOutcome(Kind kind, String eventId, String previousEventId) {

    public enum Kind {

        /** New: the event is in the inbox. */
        APPENDED,

        /** The same publish again (same id and body): nothing appended. */
        REPEATED,

        /** The id was published before with another body: nothing appended. */
        CONFLICT

    }

}

package io.backchannel.node.record;

/**
 * What happened when a request was written "if absent".
 *
 * @param kind created, exists (a retry of the same request) or conflict (the id is taken
 * by another request)
 * @param record the stored record; null on conflict
 */
public record AcceptOutcome(Kind kind, StoredRecord record) {

    public enum Kind {

        CREATED, EXISTS, CONFLICT

    }

}

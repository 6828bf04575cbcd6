package io.backchannel.node.record;

/**
 * What happened when a request was written "if absent".
 *
 * @param kind created, exists (a retry of the same request), conflict (the id is taken by
 * another request) or busy (the request would be over the client's limit of unfinished
 * requests; nothing was written)
 * @param record the stored record; null on conflict and busy
 */
public record AcceptOutcome(Kind kind, StoredRecord record) {

    public enum Kind {

        CREATED, EXISTS, CONFLICT, BUSY

    }

}

package io.backchannel.node.record;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of a client's requests, newest first.
 *
 * @param records the records of the page
 * @param next where the next page starts, or null when this is the last
 */
public record RequestPage(List<StoredRecord> records, @Nullable Cursor next) {

    /**
     * The last entry a page looked at: the next page starts after it.
     *
     * @param createdAt its creation time, epoch ms
     * @param correlationId its id (orders requests of the same millisecond)
     */
    public record Cursor(long createdAt, String correlationId) {
    }

}

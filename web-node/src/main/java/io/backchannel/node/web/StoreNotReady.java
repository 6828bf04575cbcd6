package io.backchannel.node.web;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;

/**
 * Redis refusals that end by themselves: {@code LOADING} (reading its append-only file
 * after a restart), {@code BUSY} (a long script), {@code READONLY} (a replica that is not
 * yet the primary after a failover). A request that meets one gets a 503, and its retry
 * succeeds once they pass.
 */
final class StoreNotReady {

    private StoreNotReady() {
    }

    static boolean isCauseOf(Throwable ex) {
        for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
            if (t instanceof RedisLoadingException || t instanceof RedisBusyException
                    || t instanceof RedisReadOnlyException) {
                return true;
            }
        }
        return false;
    }

}

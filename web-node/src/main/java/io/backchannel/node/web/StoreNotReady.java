package io.backchannel.node.web;

import java.io.IOException;
import java.util.List;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;

/**
 * Redis failures that end by themselves, which Spring reports as uncategorised:
 * <ul>
 * <li>refusals: {@code LOADING} (reading its append-only file after a restart),
 * {@code BUSY} (a long script), {@code READONLY} (a replica that is not yet the primary
 * after a failover); and on a Redis Cluster {@code CLUSTERDOWN} (a slot without a primary
 * while a replica takes over), {@code TRYAGAIN} (a slot that is moving) and
 * {@code MASTERDOWN};</li>
 * <li>a connection lost under a command (reset, closed by {@code CLIENT KILL} or a
 * restart): the client library's own error, not an error answer from the server. Lettuce
 * reconnects at once.</li>
 * </ul>
 * A request that meets one gets a 503, and its retry with the same id succeeds once they
 * pass; whatever the lost command did is found by the retry. Any other error answer from
 * the server is a bug, and stays a 500.
 */
final class StoreNotReady {

    /** The error answers of a Redis Cluster that end by themselves. */
    private static final List<String> CLUSTER_TRANSIENT = List.of("CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN");

    private StoreNotReady() {
    }

    static boolean isCauseOf(Throwable ex) {
        for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
            if (t instanceof RedisLoadingException || t instanceof RedisBusyException
                    || t instanceof RedisReadOnlyException || t instanceof IOException) {
                return true;
            }
            if (t instanceof RedisException && !(t instanceof RedisCommandExecutionException)) {
                return true;
            }
            if (t instanceof RedisCommandExecutionException answer && answer.getMessage() != null
                    && CLUSTER_TRANSIENT.stream().anyMatch(answer.getMessage()::startsWith)) {
                return true;
            }
        }
        return false;
    }

}

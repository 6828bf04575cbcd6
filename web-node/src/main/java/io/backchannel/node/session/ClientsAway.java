package io.backchannel.node.session;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.node.presence.PresenceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * The clients a drain closed a socket of and has not seen on another node since, read
 * from their presence entries: how far the other nodes are behind in welcoming them. A
 * client counts as away until another node holds a socket of its, or until it had
 * {@code patience} to come back: one that never does (its page was closed meanwhile) must
 * not hold the drain up.
 */
final class ClientsAway {

    private static final Logger logger = LoggerFactory.getLogger(ClientsAway.class);

    /** How often Redis is asked which of them are back. */
    static final Duration CHECK_EVERY = Duration.ofMillis(100);

    private final PresenceRegistry presence;

    private final long patienceNanos;

    private final int checkAtMost;

    /** When each was closed, oldest first. */
    private final Map<ClientId, Long> since = new LinkedHashMap<>();

    private boolean checked;

    private long checkedAt;

    private long comeBack;

    private long gaveUp;

    private final WelcomeRate rate = new WelcomeRate();

    private ClientsAway(PresenceRegistry presence, Duration patience, int checkAtMost) {
        this.presence = presence;
        this.patienceNanos = patience.toNanos();
        this.checkAtMost = checkAtMost;
    }

    /**
     * Tracked through their presence entries, for a drain; each check reads the entries
     * of the {@code checkAtMost} longest away (when the window makes the drain close more
     * than the pace allows, the rest wait their turn).
     */
    static ClientsAway tracked(PresenceRegistry presence, Duration patience, int checkAtMost) {
        return new ClientsAway(Objects.requireNonNull(presence), patience, checkAtMost);
    }

    /**
     * Not tracked, for a hand-off: Redis does not answer this node, so none counts as
     * away.
     */
    static ClientsAway untracked() {
        return new ClientsAway(null, Duration.ZERO, 0);
    }

    /** A socket of {@code client} was closed at {@code nanos}. */
    void left(ClientId client, long nanos) {
        if (this.presence != null) {
            this.rate.startAt(nanos);
            this.since.putIfAbsent(client, nanos);
        }
    }

    /** Clients away now. */
    int count() {
        return this.since.size();
    }

    /** Clients seen back on another node so far. */
    long comeBack() {
        return this.comeBack;
    }

    /**
     * How many of them the other nodes welcomed a second lately ({@link WelcomeRate}), as
     * of the last check.
     */
    double backPerSecond() {
        return this.rate.perSecond();
    }

    /** Clients no longer waited for, not seen back within the patience. */
    long gaveUp() {
        return this.gaveUp;
    }

    /**
     * Forgets the clients away longer than the patience, and, at most every
     * {@link #CHECK_EVERY}, those another node now holds.
     */
    void settle(long nanos) {
        for (Iterator<Long> closed = this.since.values().iterator(); closed.hasNext();) {
            if (nanos - closed.next() < this.patienceNanos) {
                break;
            }
            closed.remove();
            this.gaveUp++;
        }
        if (this.since.isEmpty() || (this.checked && nanos - this.checkedAt < CHECK_EVERY.toNanos())) {
            return;
        }
        this.checked = true;
        this.checkedAt = nanos;
        List<ClientId> clients = this.since.keySet().stream().limit(this.checkAtMost).toList();
        try {
            Set<ClientId> back = this.presence.heldElsewhere(clients);
            this.since.keySet().removeAll(back);
            this.comeBack += back.size();
            this.rate.count(nanos, this.comeBack);
        }
        catch (DataAccessException ex) {
            // Paced by the rate alone until Redis answers again.
            logger.debug("Could not tell which clients are back: {}", ex.getMessage());
            this.gaveUp += this.since.size();
            this.since.clear();
        }
    }

}

package io.backchannel.node.handoff;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.backchannel.node.record.StoreProbe;
import io.backchannel.node.routing.ReplyHandback;
import io.backchannel.node.schedule.FixedDelayTimer;
import io.backchannel.node.session.SocketHandler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hands this node's clients to the other nodes while Redis does not answer it but answers
 * them: the network cut this node off, and its sockets, open but fed nothing, would keep
 * their clients waiting until the link comes back (design note 38).
 *
 * <p>
 * Telling that apart from an outage every node sees is the point: then closing the
 * sockets would only send every client into its reconnect backoff. While its probe finds
 * Redis away, the node asks the others, over the broker, when Redis last answered them
 * ({@link StoreWitness}); an answer later than its own last by more than
 * {@code backchannel.handoff.lead} means Redis answers others and not this node. Then it
 * refuses new sockets and closes its open ones with 1012, paced as a drain's, and gives
 * the replies it holds back to the broker for the other nodes, taking none, until Redis
 * answers it again. With no other node, or none that Redis answers, nothing is closed. A
 * node that the broker does not answer either (its own questions do not come back) has
 * nobody to ask: after {@code backchannel.handoff.isolated-after} it hands off all the
 * same (design note 41).
 */
@Component
class CutOffHandoff implements SmartLifecycle, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(CutOffHandoff.class);

    /** How often the node looks whether to start or end a hand-off. */
    private static final Duration TICK = Duration.ofMillis(100);

    private final StoreProbe store;

    private final StoreWitness witness;

    private final SocketHandler sockets;

    private final ReplyHandback replies;

    private final HandoffProperties properties;

    private volatile boolean handingOff;

    /** When the last question went out, nanoTime; touched by the timer's thread alone. */
    private long askedAt;

    /**
     * When the probe last found Redis answering, nanoTime; touched by the timer's thread
     * alone.
     */
    private long answeredAt = System.nanoTime();

    private final FixedDelayTimer timer;

    /**
     * Where the questions go out: a publish on a stalled connection may wait minutes for
     * its channel, and the ticks must go on meanwhile to see the node isolated. A
     * platform thread, as the broker's client blocks in ways that pin a virtual one.
     */
    private final ExecutorService asker = Executors
        .newSingleThreadExecutor(Thread.ofPlatform().daemon().name("handoff-ask").factory());

    /** The question going out, if any; touched by the timer's thread alone. */
    private Future<?> asking = CompletableFuture.completedFuture(null);

    CutOffHandoff(StoreProbe store, StoreWitness witness, SocketHandler sockets, ReplyHandback replies,
            HandoffProperties properties, MeterRegistry meters) {
        this.replies = replies;
        this.timer = new FixedDelayTimer("handoff", TICK, this::tick);
        this.store = store;
        this.witness = witness;
        this.sockets = sockets;
        this.properties = properties;
        Gauge.builder("backchannel.handoff.active", this, (h) -> h.handingOff ? 1 : 0)
            .description("1 while this node hands its clients to other nodes, Redis answering them and not it")
            .register(meters);
    }

    /** Whether this node hands its clients off now. */
    boolean handingOff() {
        return this.handingOff;
    }

    void tick() {
        long now = System.nanoTime();
        if (!this.store.away()) {
            this.answeredAt = now;
            if (this.handingOff) {
                this.handingOff = false;
                this.sockets.endHandOff();
                this.replies.resume();
                logger.info("Redis answers this node again: taking sockets and replies again");
            }
            return;
        }
        if (this.handingOff) {
            return;
        }
        long ownLast = this.store.lastAnsweredAt();
        if (this.witness.peerAnsweredAfter(ownLast + this.properties.lead().toMillis())) {
            logger.warn(
                    "Redis has not answered this node since {} but answered another node at {}: handing this "
                            + "node's clients to the other nodes",
                    Instant.ofEpochMilli(ownLast), Instant.ofEpochMilli(this.witness.latestPeerAnswer()));
            handOff();
            return;
        }
        if (isolated(now)) {
            logger.warn(
                    "Neither Redis nor the broker has answered this node for {} s: handing this node's clients"
                            + " to whichever nodes the front door reaches",
                    this.properties.isolatedAfter().toSeconds());
            handOff();
            return;
        }
        if (now - this.askedAt >= this.properties.askInterval().toNanos() && this.asking.isDone()) {
            this.askedAt = now;
            this.asking = this.asker.submit(this.witness::ask);
        }
    }

    private void handOff() {
        this.handingOff = true;
        this.replies.giveBack();
        Thread.ofVirtual().name("handoff").start(this.sockets::handOff);
    }

    /**
     * Redis has been away for {@code isolated-after}, and the node's own questions have
     * not come back through the broker for as long: there is nobody to ask.
     */
    private boolean isolated(long now) {
        long after = this.properties.isolatedAfter().toNanos();
        return after > 0 && now - this.answeredAt >= after && this.witness.unheardFor(after, now);
    }

    @Override
    public void start() {
        if (this.properties.enabled()) {
            this.askedAt = System.nanoTime() - this.properties.askInterval().toNanos();
            this.timer.start();
        }
    }

    @Override
    public void stop() {
        this.timer.stop(true);
    }

    @Override
    public void destroy() {
        this.asker.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return this.timer.isRunning();
    }

}

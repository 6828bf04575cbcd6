package io.backchannel.node.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.InvalidIdException;
import io.backchannel.contracts.json.Json;
import io.backchannel.contracts.redis.EventIds;
import io.backchannel.contracts.ws.Auth;
import io.backchannel.contracts.ws.Authenticated;
import io.backchannel.contracts.ws.ClientFrame;
import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.contracts.ws.ErrorCode;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.contracts.ws.Hello;
import io.backchannel.contracts.ws.Ping;
import io.backchannel.contracts.ws.Pong;
import io.backchannel.contracts.ws.Submit;
import io.backchannel.contracts.ws.Welcome;
import io.backchannel.node.auth.AuthMode;
import io.backchannel.node.auth.Authenticator;
import io.backchannel.node.auth.Identity;
import io.backchannel.node.auth.IdentityProviderUnavailableException;
import io.backchannel.node.auth.InvalidTokenException;
import io.backchannel.node.cluster.NodeIdentity;
import io.backchannel.node.intake.IntakeProperties;
import io.backchannel.node.presence.PresenceRegistry;
import io.backchannel.node.record.Inbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.InvalidTypeIdException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Protocol v1 on {@code /ws}: hello within the timeout (and within the client's socket
 * limit), welcome, replay, then live updates; error frames for bad frames; ping/pong;
 * submits, after the welcome ({@link SocketSubmits}).
 */
@Component
public class SocketHandler extends TextWebSocketHandler implements DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(SocketHandler.class);

    private static final String SOCKET = ClientSocket.class.getName();

    private static final String SUBMIT = "submit";

    private final Authenticator authenticator;

    private final LocalSessions sessions;

    private final PresenceRegistry presence;

    private final SocketFeed feed;

    private final Inbox inbox;

    private final NodeIdentity node;

    private final SessionProperties properties;

    /**
     * How long, beyond the reconnect spread, a drain counts a client it closed as looking
     * for another node: hellos that take longer than this mean the others are buried, and
     * a client not back by then may well never come (its page was closed).
     */
    private static final Duration AWAY_PATIENCE = Duration.ofSeconds(5);

    /** How often a drain logs how far it is. */
    private static final Duration DRAIN_REPORT_EVERY = Duration.ofSeconds(1);

    private final ScheduledExecutorService helloTimeouts = Executors
        .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("hello-timeouts").factory());

    private final MeterRegistry meters;

    private final Counter tooSlow;

    private final SocketSubmits submits;

    private final Duration submitsDrainTimeout;

    private volatile boolean draining;

    private volatile boolean handingOff;

    public SocketHandler(Authenticator authenticator, LocalSessions sessions, PresenceRegistry presence,
            SocketFeed feed, Inbox inbox, NodeIdentity node, SessionProperties properties, MeterRegistry meters,
            SocketSubmits submits, IntakeProperties intake) {
        this.meters = meters;
        this.submits = submits;
        // A submit waits for the broker's confirm at most this long.
        this.submitsDrainTimeout = intake.confirmTimeout();
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.presence = presence;
        this.feed = feed;
        this.inbox = inbox;
        this.node = node;
        this.properties = properties;
        this.tooSlow = Counter.builder("backchannel.sockets.too.slow")
            .description("Sockets closed with 1013 because their client read too slowly")
            .register(meters);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        // The session's own id (a random UUID), not one more string per socket.
        String id = session.getId();
        ClientSocket socket = new ClientSocket(id, new SocketOutbox(id, session, this.properties, this.tooSlow));
        session.getAttributes().put(SOCKET, socket);
        if (refusesSockets()) {
            socket.close(CloseCodes.SERVICE_RESTART, this.draining ? restartReason(this.properties.reconnectSpread())
                    : handOffReason(this.properties.reconnectSpread()));
            return;
        }
        this.helloTimeouts.schedule(() -> {
            if (socket.client() == null && socket.isOpen()) {
                // Not refuse(): one timer serves every socket, and waits for none.
                socket.send(
                        new ErrorFrame(ErrorCode.HELLO_REQUIRED, "no hello within " + this.properties.helloTimeout()));
                socket.close(CloseCodes.POLICY_VIOLATION, ErrorCode.HELLO_REQUIRED);
            }
        }, this.properties.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        ClientSocket socket = (ClientSocket) session.getAttributes().get(SOCKET);
        JsonNode tree;
        ClientFrame frame;
        try {
            tree = Json.mapper().readTree(message.getPayload());
        }
        catch (JacksonException ex) {
            reject(socket, ErrorCode.BAD_FRAME, "a frame is a JSON object with a string \"type\"");
            return;
        }
        if (!tree.isObject() || !tree.path("type").isString()) {
            reject(socket, ErrorCode.BAD_FRAME, "a frame is a JSON object with a string \"type\"");
            return;
        }
        try {
            frame = Json.mapper().treeToValue(tree, ClientFrame.class);
        }
        catch (InvalidTypeIdException ex) {
            reject(socket, ErrorCode.UNKNOWN_FRAME, "unknown frame type");
            return;
        }
        catch (JacksonException ex) {
            if (socket.client() != null && SUBMIT.equals(tree.path("type").asString())) {
                // Answered as HTTP answers such a body, naming the submit.
                this.submits.malformed(socket, tree, ex);
            }
            else {
                reject(socket, ErrorCode.BAD_FRAME, "a frame is a JSON object with a known \"type\" and valid fields");
            }
            return;
        }
        if (socket.client() == null) {
            if (frame instanceof Hello hello) {
                hello(socket, hello);
            }
            else {
                refuse(socket, ErrorCode.HELLO_REQUIRED, "the first frame must be a hello");
            }
            return;
        }
        switch (frame) {
            case Hello hello -> socket.send(new ErrorFrame(ErrorCode.UNEXPECTED_FRAME, "hello was already accepted"));
            case Ping ping -> socket.send(new Pong());
            case Pong pong -> {
            }
            case Submit submit -> this.submits.take(socket, submit);
            case Auth auth -> reauthenticate(socket, auth);
        }
    }

    /**
     * A fresh token for an open socket: it must prove the socket's own client, or the
     * socket goes on with the token it had (and is closed when that one's grace is over).
     */
    private void reauthenticate(ClientSocket socket, Auth auth) {
        Identity identity;
        try {
            identity = this.authenticator.authenticate(auth.token());
        }
        catch (InvalidTokenException ex) {
            socket.send(new ErrorFrame(ErrorCode.BAD_TOKEN, ex.getMessage() + "; the socket keeps its token"));
            return;
        }
        catch (IdentityProviderUnavailableException ex) {
            socket.send(new ErrorFrame(ErrorCode.UNAVAILABLE, "the token cannot be checked right now; send it again"));
            return;
        }
        if (!identity.client().equals(socket.client())) {
            socket.send(new ErrorFrame(ErrorCode.BAD_TOKEN,
                    "the token is another client's; open a socket of its own for it"));
            return;
        }
        Instant tokenExpiry = expiryToHold(identity);
        if (tokenExpiry != null) {
            socket.tokenValidUntil(tokenExpiry);
        }
        socket.send(new Authenticated(identity.expiresAt()));
    }

    /**
     * When a socket on this identity must have a fresh token, or null: in {@code jwt}
     * mode only. The application's tokens live minutes and a user who signs out must stop
     * receiving; an anonymous token (a day, renewed only with itself) is checked at the
     * hello only, as sockets outlived it before {@code auth} frames existed.
     */
    private Instant expiryToHold(Identity identity) {
        return (this.authenticator.mode() == AuthMode.JWT) ? identity.expiresAt() : null;
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        reject((ClientSocket) session.getAttributes().get(SOCKET), ErrorCode.UNSUPPORTED_FRAME,
                "protocol v1 uses JSON text frames only");
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        logger.debug("Transport error on socket: {}", exception.getMessage());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        ClientSocket socket = (ClientSocket) session.getAttributes().get(SOCKET);
        if (socket == null || socket.client() == null) {
            return;
        }
        forget(socket);
    }

    /**
     * Refuses new sockets and closes every open one with 1012, so clients move to the
     * other nodes. Called once the intake is closed: the submits in flight are let finish
     * first (at most the broker's confirm timeout), so their answers reach the clients,
     * and new ones are answered {@code unavailable} meanwhile. The closes are paced
     * ({@link DrainPace}) and each reason asks the client to spread its reconnect over
     * {@code backchannel.ws.reconnect-spread}, so the other nodes see a ramp, not a wall;
     * the ramp follows how fast the other nodes welcome those clients (design note 39).
     */
    public void drain() {
        this.draining = true;
        if (!this.submits.awaitIdle(this.submitsDrainTimeout)) {
            logger.warn("Closing sockets with submits still unanswered; their clients will send them again");
        }
        closePaced(restartReason(this.properties.reconnectSpread()), () -> true, ClientsAway.tracked(this.presence,
                this.properties.reconnectSpread().plus(AWAY_PATIENCE), this.properties.drainAway()));
    }

    /**
     * Hands this node's clients to the other nodes while Redis does not answer it but
     * answers them (design note 38): refuses new sockets and closes the open ones with
     * 1012, paced as a drain's, until {@link #endHandOff()}. What the clients sent and
     * did not get answered they send again to the node they reconnect to.
     */
    public void handOff() {
        this.handingOff = true;
        closePaced(handOffReason(this.properties.reconnectSpread()), () -> this.handingOff, ClientsAway.untracked());
    }

    /** Redis answers again: new sockets are taken, the open ones stay. */
    public void endHandOff() {
        this.handingOff = false;
    }

    /**
     * Closes the open sockets with 1012 and {@code reason}, a batch per
     * {@link DrainPace#TICK} as the pace allows, while {@code goOn} holds.
     */
    private void closePaced(String reason, BooleanSupplier goOn, ClientsAway away) {
        List<ClientSocket> sockets = List.copyOf(this.sessions.all());
        DrainPace pace = new DrainPace(this.properties.drainRate(), this.properties.drainWindow(),
                this.properties.drainAway(), this.properties.drainAwayTime());
        logger.info(
                "Closing {} sockets: at most {} a second, as many clients away as the others welcome in {} ms"
                        + " (at most {}), within {} ms",
                sockets.size(), pace.perSecond(), pace.awayTime().toMillis(), pace.maxAway(),
                pace.maxWindow().toMillis());
        long start = System.nanoTime();
        long reported = start;
        int closed = 0;
        while (closed < sockets.size() && goOn.getAsBoolean()) {
            long now = System.nanoTime();
            away.settle(now);
            int batch = pace.batch(sockets.size() - closed, away.count(), away.backPerSecond(),
                    Duration.ofNanos(now - start));
            List<PresenceRegistry.Entry> gone = new ArrayList<>(batch);
            for (ClientSocket socket : sockets.subList(closed, closed + batch)) {
                // Taken off the books before the close: its close may come in on another
                // thread at once, and would otherwise take the socket from this count.
                boolean ours = socket.forget();
                socket.close(CloseCodes.SERVICE_RESTART, reason);
                if (!ours) {
                    continue;
                }
                this.sessions.remove(socket);
                if (socket.client() != null) {
                    gone.add(new PresenceRegistry.Entry(socket.client(), socket.id()));
                    away.left(socket.client(), now);
                }
            }
            this.presence.unregisterAll(gone);
            closed += batch;
            if (now - reported >= DRAIN_REPORT_EVERY.toNanos()) {
                reported = now;
                logger.info("Closed {} of {} sockets; {} clients away (at most {} now), welcomed elsewhere at {}/s",
                        closed, sockets.size(), away.count(), pace.allowedAway(away.backPerSecond()),
                        Math.round(away.backPerSecond()));
            }
            if (closed < sockets.size()) {
                LockSupport.parkNanos(DrainPace.TICK.toNanos());
            }
        }
        logger.info("Closed {} sockets in {} ms; {} clients seen back on other nodes meanwhile, {} not waited for",
                closed, Duration.ofNanos(System.nanoTime() - start).toMillis(), away.comeBack(), away.gaveUp());
    }

    /** Whether new sockets are refused: the node drains, or hands its clients off. */
    boolean refusesSockets() {
        return this.draining || this.handingOff;
    }

    /**
     * The reason of a drain's 1012: a client reconnects after a random wait up to the
     * spread it names.
     */
    static String restartReason(Duration spread) {
        return "node shutting down; reconnect within " + spread.toMillis() + " ms";
    }

    /** The reason of a hand-off's 1012, with the same spread as a drain's. */
    static String handOffReason(Duration spread) {
        return "node cannot reach its store; reconnect within " + spread.toMillis() + " ms";
    }

    private void forget(ClientSocket socket) {
        if (!socket.forget()) {
            return;
        }
        this.sessions.remove(socket);
        if (socket.client() != null) {
            // Kept for later while Redis does not answer; until it is removed, replies
            // for it reach the client's inbox and its other sockets all the same.
            this.presence.unregister(socket.client(), socket.id());
        }
    }

    @Override
    public void destroy() {
        this.helloTimeouts.shutdownNow();
    }

    private void hello(ClientSocket socket, Hello hello) {
        Identity identity;
        try {
            identity = this.authenticator.authenticate(hello.token());
        }
        catch (InvalidTokenException ex) {
            refuse(socket, ErrorCode.BAD_TOKEN, ex.getMessage());
            return;
        }
        catch (IdentityProviderUnavailableException ex) {
            logger.warn("Hello refused, the token could not be checked: {}", String.valueOf(ex.getCause()));
            refuse(socket, ErrorCode.UNAVAILABLE, "the token cannot be checked right now; connect again",
                    CloseCodes.TRY_AGAIN_LATER);
            return;
        }
        ClientId client = identity.client();
        String lastEventId = hello.lastEventId();
        if (lastEventId != null) {
            try {
                EventIds.parse(lastEventId);
            }
            catch (InvalidIdException ex) {
                refuse(socket, ErrorCode.BAD_HELLO, "lastEventId must look like 1700000000000-0");
                return;
            }
        }
        try {
            // Presence first, as it is also the socket limit; then, holding the cursor,
            // local, the welcome and the replay. Whatever is appended before the replay
            // reads is in it; whatever comes later is pushed here once the socket is
            // local, and waits for the cursor's lock.
            if (!this.presence.register(client, socket.id(), this.properties.maxSocketsPerClient())) {
                refuse(socket, ErrorCode.TOO_MANY_SOCKETS, "this client already holds "
                        + this.properties.maxSocketsPerClient() + " sockets; close one, then try again",
                        CloseCodes.TRY_AGAIN_LATER);
                return;
            }
            socket.cursor().startAfter((lastEventId != null) ? lastEventId : EventIds.START, () -> {
                Instant tokenExpiry = expiryToHold(identity);
                if (tokenExpiry != null) {
                    socket.tokenValidUntil(tokenExpiry);
                }
                socket.identify(client);
                boolean truncated = lastEventId != null && this.inbox.truncatedAfter(client, lastEventId);
                this.sessions.add(socket);
                socket.send(new Welcome(client, this.node.id().value(), socket.id(), truncated,
                        this.properties.maxSubmitsInFlight(), tokenExpiry));
                this.meters.counter("backchannel.hellos", "resume", Boolean.toString(lastEventId != null)).increment();
                this.feed.catchUp(socket);
            });
        }
        catch (DataAccessException ex) {
            logger.warn("Hello of client {} failed, Redis unavailable: {}", client, ex.getMessage());
            this.sessions.remove(socket);
            socket.close(CloseCodes.TRY_AGAIN_LATER, "store unavailable");
        }
        logger.debug("Socket {} of client {} welcomed (lastEventId {})", socket.id(), client, lastEventId);
    }

    /**
     * A bad frame: before the hello it ends the socket, after it only earns an error
     * frame.
     */
    private void reject(ClientSocket socket, String code, String message) {
        if (socket.client() == null) {
            refuse(socket, ErrorCode.HELLO_REQUIRED.equals(code) ? code : ErrorCode.BAD_HELLO,
                    "the first frame must be a valid hello: " + message);
        }
        else {
            socket.send(new ErrorFrame(code, message));
        }
    }

    private void refuse(ClientSocket socket, String code, String message) {
        refuse(socket, code, message, CloseCodes.POLICY_VIOLATION);
    }

    /**
     * Ends the socket with an error frame and a close. Called on the thread that reads
     * this socket, which waits for the close to be out, so that nothing more is read of a
     * refused socket.
     */
    private void refuse(ClientSocket socket, String code, String message, int closeCode) {
        socket.send(new ErrorFrame(code, message));
        socket.closeAndWait(closeCode, code);
    }

}

package io.backchannel.node.session;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.backchannel.contracts.ws.CloseCodes;
import io.backchannel.contracts.ws.ErrorCode;
import io.backchannel.contracts.ws.ErrorFrame;
import io.backchannel.node.auth.AuthMode;
import io.backchannel.node.auth.Authenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Holds every socket to its token: once a second it tells the sockets whose token expired
 * ({@code token_expired}; an {@code auth} frame with a fresh token renews it) and closes
 * with 1008 those whose grace ({@code backchannel.ws.token-grace}) is over. In
 * {@code jwt} mode only: anonymous sockets carry no expiry to hold them to, so the round
 * is not run at all.
 */
@Component
class SocketTokenExpiry implements InitializingBean, DisposableBean {

    private static final Logger logger = LoggerFactory.getLogger(SocketTokenExpiry.class);

    private final LocalSessions sessions;

    private final SessionProperties properties;

    private final Clock clock;

    private final boolean enforced;

    private final ScheduledExecutorService timer = Executors
        .newSingleThreadScheduledExecutor(Thread.ofPlatform().name("socket-token-expiry").daemon().factory());

    SocketTokenExpiry(LocalSessions sessions, SessionProperties properties, Clock clock, Authenticator authenticator) {
        this.sessions = sessions;
        this.properties = properties;
        this.clock = clock;
        this.enforced = authenticator.mode() == AuthMode.JWT;
    }

    @Override
    public void afterPropertiesSet() {
        if (this.enforced) {
            this.timer.scheduleWithFixedDelay(this::sweepSafely, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        }
        catch (RuntimeException ex) {
            // A failed round must not end the timer: the next one tries again.
            logger.warn("Token expiry round failed", ex);
        }
    }

    /** One round over this node's sockets. */
    void sweep() {
        long now = this.clock.millis();
        long grace = this.properties.tokenGrace().toMillis();
        for (ClientSocket socket : this.sessions.all()) {
            switch (socket.tokenState(now, grace)) {
                case VALID -> {
                }
                case EXPIRED -> notice(socket);
                case GRACE_OVER -> {
                    notice(socket);
                    socket.close(CloseCodes.POLICY_VIOLATION, ErrorCode.TOKEN_EXPIRED);
                }
            }
        }
    }

    /** Tells the client once that its token expired. */
    private void notice(ClientSocket socket) {
        if (socket.noticeExpiry()) {
            socket.send(new ErrorFrame(ErrorCode.TOKEN_EXPIRED,
                    "the token has expired; send an auth frame with a fresh one within "
                            + this.properties.tokenGrace().toSeconds() + " s, or the socket is closed"));
        }
    }

    @Override
    public void destroy() {
        this.timer.shutdownNow();
    }

}

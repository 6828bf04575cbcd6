package io.backchannel.node.session;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * WebSocket sessions on {@code /ws}.
 *
 * @param helloTimeout how long a new socket may take to send its hello before it is
 * closed with 1008; default 5 s
 * @param sendTimeLimit how long one write to a client's socket may take before the client
 * counts as too slow and is closed with 1013; default 10 s
 * @param sendBufferLimit how much may queue up for a client that reads slowly before it
 * is closed with 1013 (what is queued is dropped: it is in the client's inbox, and the
 * client resumes); default 512 KB
 * @param maxFrameSize the largest text frame a client may send (larger: closed with
 * 1009); default 64 KB
 * @param allowedOrigins origin patterns a browser socket may come from (the Origin
 * header); default none, meaning same origin only. Sockets without an Origin header
 * (non-browser clients) are always let through: tokens, not origins, authenticate them
 * @param maxSocketsPerClient the most sockets one client may hold at once, across all
 * nodes (counted in its presence hash); a hello beyond it gets a {@code too_many_sockets}
 * error frame and a 1013 close; default 8
 * @param maxSubmitsInFlight the most {@code submit} frames one socket may have unanswered
 * at once (each runs on a virtual thread of its own while it waits for Redis and the
 * broker); one more is answered {@code rate_limited} at once. Announced in the welcome;
 * default 16
 * @param tokenGrace how long a socket stays open after its token expired, for the client
 * to send a fresh one in an {@code auth} frame; then it is closed with 1008; default 30 s
 * @param drainRate sockets a draining node closes per second at most, so that its clients
 * do not all come back to the other nodes at once; default 2000
 * @param drainWindow the longest a draining node takes to close its sockets, whatever
 * their number and however slowly the other nodes take them in (the rate rises to fit);
 * the drain runs before the shutdown phases, so the orchestrator's grace period must
 * cover it and them; default 5 s
 * @param drainAway clients a draining node closed and has not yet seen on another node,
 * at most, however fast the others welcome them; default 2000
 * @param drainAwayTime how long the clients a drain closed should take, on average, to be
 * welcomed on another node, their own random wait included: the drain lets as many be
 * away as the others welcomed in that time lately, so a slow cluster is not buried in
 * hellos and a fast one is not held back (design notes 39 and 40); default 750 ms
 * @param reconnectSpread how long after its 1012 close a client should spread its
 * reconnect over (a random wait up to this; named in the close reason); default 500 ms
 */
@ConfigurationProperties("backchannel.ws")
public record SessionProperties(@DefaultValue("5s") Duration helloTimeout, @DefaultValue("10s") Duration sendTimeLimit,
        @DefaultValue("512KB") DataSize sendBufferLimit, @DefaultValue("64KB") DataSize maxFrameSize,
        @DefaultValue List<String> allowedOrigins, @DefaultValue("8") int maxSocketsPerClient,
        @DefaultValue("16") int maxSubmitsInFlight, @DefaultValue("30s") Duration tokenGrace,
        @DefaultValue("2000") int drainRate, @DefaultValue("5s") Duration drainWindow,
        @DefaultValue("2000") int drainAway, @DefaultValue("750ms") Duration drainAwayTime,
        @DefaultValue("500ms") Duration reconnectSpread) {

    public SessionProperties {
        if (!helloTimeout.isPositive() || !sendTimeLimit.isPositive()) {
            throw new IllegalArgumentException("backchannel.ws.hello-timeout and send-time-limit must be positive");
        }
        if (sendBufferLimit.toBytes() < 1 || maxFrameSize.toBytes() < 1 || maxSocketsPerClient < 1
                || maxSubmitsInFlight < 1) {
            throw new IllegalArgumentException("backchannel.ws.send-buffer-limit, max-frame-size,"
                    + " max-sockets-per-client and max-submits-in-flight must be positive");
        }
        if (drainRate < 1 || !drainWindow.isPositive() || drainAway < 1 || !drainAwayTime.isPositive()
                || reconnectSpread.isNegative()) {
            throw new IllegalArgumentException(
                    "backchannel.ws.drain-rate, drain-window, drain-away and drain-away-time must be positive,"
                            + " reconnect-spread not negative");
        }
        if (tokenGrace.isNegative()) {
            throw new IllegalArgumentException("backchannel.ws.token-grace must not be negative");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

}

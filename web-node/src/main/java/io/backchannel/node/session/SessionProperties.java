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
 * @param sendTimeLimit how long one send to a client may take before the client counts as
 * too slow and is closed with 1013; default 10 s
 * @param sendBufferLimit how much may queue up for a slow client before it is closed with
 * 1013; default 512 KB
 * @param maxFrameSize the largest text frame a client may send (larger: closed with
 * 1009); default 64 KB
 * @param allowedOrigins origin patterns a browser socket may come from (the Origin
 * header); default none, meaning same origin only. Sockets without an Origin header
 * (non-browser clients) are always let through: tokens, not origins, authenticate them
 */
@ConfigurationProperties("backchannel.ws")
public record SessionProperties(@DefaultValue("5s") Duration helloTimeout, @DefaultValue("10s") Duration sendTimeLimit,
        @DefaultValue("512KB") DataSize sendBufferLimit, @DefaultValue("64KB") DataSize maxFrameSize,
        @DefaultValue List<String> allowedOrigins) {

}

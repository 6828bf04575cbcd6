package io.backchannel.node.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The Lua steps under {@code src/main/resources/redis/}, loaded once. Spring sends each
 * by its SHA and falls back to the source on a NOSCRIPT answer (after a Redis restart).
 *
 * <p>
 * Each is held as its text, not as a resource: a script made from a resource asks the
 * resource whether it changed on every call, under a lock shared by every caller, and a
 * resource inside the executable jar answers that with an exception (measured: one thrown
 * exception per Redis step, with its stack, on every request and every reply).
 */
@Component
public class RedisScripts {

    private final RedisScript<List> accept = load("accept-request.lua", List.class);

    private final RedisScript<List> apply = load("apply-update.lua", List.class);

    private final RedisScript<Long> markPublished = load("mark-published.lua", Long.class);

    private final RedisScript<List> claimDeadlines = load("claim-deadlines.lua", List.class);

    private final RedisScript<Long> announceWaiter = load("announce-waiter.lua", Long.class);

    private final RedisScript<List> listRequests = load("list-requests.lua", List.class);

    private final RedisScript<String> inboxTruncation = load("inbox-truncated.lua", String.class);

    private final RedisScript<Long> registerPresence = load("register-presence.lua", Long.class);

    private final RedisScript<Long> rateLimit = load("rate-limit.lua", Long.class);

    private final RedisScript<List> publishEvent = load("publish-event.lua", List.class);

    RedisScript<List> accept() {
        return this.accept;
    }

    RedisScript<List> publishEvent() {
        return this.publishEvent;
    }

    RedisScript<List> apply() {
        return this.apply;
    }

    RedisScript<Long> markPublished() {
        return this.markPublished;
    }

    RedisScript<List> claimDeadlines() {
        return this.claimDeadlines;
    }

    RedisScript<Long> announceWaiter() {
        return this.announceWaiter;
    }

    RedisScript<List> listRequests() {
        return this.listRequests;
    }

    public RedisScript<String> inboxTruncation() {
        return this.inboxTruncation;
    }

    /** Presence of a new socket, under the per-client socket limit. */
    public RedisScript<Long> registerPresence() {
        return this.registerPresence;
    }

    /** A client's request token bucket. */
    public RedisScript<Long> rateLimit() {
        return this.rateLimit;
    }

    private static <T> RedisScript<T> load(String name, Class<T> type) {
        try {
            String text = new ClassPathResource("redis/" + name).getContentAsString(StandardCharsets.UTF_8);
            return RedisScript.of(text, type);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the Lua script " + name, ex);
        }
    }

}

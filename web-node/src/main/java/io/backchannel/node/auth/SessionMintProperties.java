package io.backchannel.node.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * New anonymous identities ({@code POST /api/sessions} without a token), in
 * {@code anonymous} mode. Each source address draws from a token bucket in Redis that all
 * nodes share: per-client limits mean nothing if anyone can mint clients at will. The
 * address is the connection's, or, behind a proxy the node trusts
 * ({@code server.tomcat.remoteip.internal-proxies}), the one it forwarded.
 *
 * @param enabled whether new identities are issued at all; default true. Off, a token's
 * renewal still works and a new identity is answered 403
 * @param perSecond new identities one address may get per second; default 2; 0 turns the
 * limit off
 * @param burst new identities an address that was quiet may get at once; default 30
 */
@ConfigurationProperties("backchannel.auth.sessions")
public record SessionMintProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2") double perSecond,
        @DefaultValue("30") int burst) {

    public SessionMintProperties {
        if (perSecond < 0 || burst < 1) {
            throw new IllegalArgumentException(
                    "backchannel.auth.sessions.per-second must not be negative and .burst must be positive");
        }
    }

}

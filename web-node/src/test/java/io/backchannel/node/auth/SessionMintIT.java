package io.backchannel.node.auth;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.redis.RedisKeys;
import io.backchannel.node.HttpApi;
import io.backchannel.node.LiveServices;
import io.backchannel.node.RunningNode;
import io.backchannel.node.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static io.backchannel.node.HttpApi.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * New anonymous identities are counted per source address, which a trusted proxy may
 * forward and nobody else may claim, and can be switched off; renewals are never limited.
 */
class SessionMintIT {

    private static RunningNode limited;

    private static RunningNode untrusting;

    private static RunningNode closed;

    @BeforeAll
    static void start() {
        limited = RunningNode.start(Map.of("backchannel.node.id", "mint-limited",
                "backchannel.auth.sessions.per-second", "0.001", "backchannel.auth.sessions.burst", "3"));
        // No proxy is trusted: X-Forwarded-For from anyone is ignored.
        untrusting = RunningNode.start(Map.of("backchannel.node.id", "mint-untrusting",
                "backchannel.auth.sessions.per-second", "0.001", "backchannel.auth.sessions.burst", "1",
                "server.tomcat.remoteip.internal-proxies", "10\\.255\\.255\\.254"));
        closed = RunningNode
            .start(Map.of("backchannel.node.id", "mint-closed", "backchannel.auth.sessions.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        for (RunningNode node : new RunningNode[] { limited, untrusting, closed }) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void eachAddress_getsItsBurst_thenWaits_andRenewalsAreNotCounted() {
        HttpApi api = new HttpApi(limited.port());
        String address = documentationAddress();
        String token = null;
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> minted = api.send(mint(api, address));
            assertThat(minted.statusCode()).isEqualTo(201);
            token = HttpApi.json(minted).get("token").asString();
        }
        HttpResponse<String> refused = api.send(mint(api, address));
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(api.send(mint(api, documentationAddress())).statusCode()).as("another address").isEqualTo(201);
        HttpResponse<String> renewed = api.send(mint(api, address).header("Authorization", "Bearer " + token));
        assertThat(renewed.statusCode()).as("a renewal").isEqualTo(201);
    }

    @Test
    void forwardedFor_fromAPeerThatIsNoTrustedProxy_isIgnored() {
        StringRedisTemplate redis = untrusting.bean(StringRedisTemplate.class);
        redis.delete(RedisKeys.sessionMints("127.0.0.1"));
        try {
            HttpApi api = new HttpApi(untrusting.port());
            assertThat(api.send(mint(api, documentationAddress())).statusCode()).isEqualTo(201);
            // Another claimed address, the same peer: the same budget, spent.
            assertProblem(api.send(mint(api, documentationAddress())), 429, "rate-limited");
        }
        finally {
            redis.delete(RedisKeys.sessionMints("127.0.0.1"));
        }
    }

    @Test
    void newIdentitiesOff_is403_butATokenIsStillRenewed() {
        HttpApi api = new HttpApi(closed.port());
        assertProblem(api.send(mint(api, documentationAddress())), 403, "forbidden");
        String token = TestTokens.sign(LiveServices.SECRET, ClientId.random().value(), Instant.now().plusSeconds(60));
        HttpResponse<String> renewed = api
            .send(mint(api, documentationAddress()).header("Authorization", "Bearer " + token));
        assertThat(renewed.statusCode()).isEqualTo(201);
    }

    private static HttpRequest.Builder mint(HttpApi api, String forwardedFor) {
        return api.request("/api/sessions").header("X-Forwarded-For", forwardedFor).POST(BodyPublishers.noBody());
    }

    /**
     * A fresh address of the documentation range, so no run shares a budget with another.
     */
    private static String documentationAddress() {
        return "2001:db8::" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff));
    }

}

package io.backchannel.node.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

/**
 * An identity provider for tests: an RSA key whose public half a real HTTP endpoint on
 * loopback serves as a JWK set, and tokens signed with it (or, to be refused, with
 * another key, or unsigned). Nodes under test point
 * {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} at {@link #jwkSetUri()}.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String ISSUER = "https://idp.test.example";

    public static final String AUDIENCE = "backchannel";

    private final RSAKey key;

    private final RSAKey stranger;

    private final HttpServer server;

    private final AtomicInteger keyFetches = new AtomicInteger();

    private TestIdentityProvider(RSAKey key, RSAKey stranger, HttpServer server) {
        this.key = key;
        this.stranger = stranger;
        this.server = server;
    }

    public static TestIdentityProvider start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
            // Same key id, other key: a forger who read the provider's key id.
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key-1").generate();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestIdentityProvider provider = new TestIdentityProvider(key, stranger, server);
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", (exchange) -> {
                provider.keyFetches.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return provider;
        }
        catch (JOSEException | IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/jwks";
    }

    /** The settings that make a node trust this provider. */
    public Map<String, String> nodeSettings() {
        return Map.of("backchannel.auth.mode", "jwt", "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                jwkSetUri(), "spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER,
                "spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE);
    }

    /** A good token for the user, valid for an hour. */
    public String token(String user) {
        return sign(claims(user).build(), this.key);
    }

    /** A good token for the user carrying these scopes (space-separated). */
    public String token(String user, String scope) {
        return sign(claims(user).claim("scope", scope).build(), this.key);
    }

    /** A token signed by this provider with whatever claims. */
    public String signed(JWTClaimsSet claims) {
        return sign(claims, this.key);
    }

    /** The claims of a good token, to change one of them. */
    public JWTClaimsSet.Builder claims(String user) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject(user)
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .jwtID(UUID.randomUUID().toString());
    }

    /**
     * A good-looking token for the user signed by a key the provider does not publish.
     */
    public String forged(String user) {
        return sign(claims(user).build(), this.stranger);
    }

    /** The user's claims with {@code alg: none}. */
    public String unsigned(String user) {
        return new PlainJWT(claims(user).build()).serialize();
    }

    public int keyFetches() {
        return this.keyFetches.get();
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        }
        catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

}

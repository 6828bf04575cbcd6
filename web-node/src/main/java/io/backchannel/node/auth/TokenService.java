package io.backchannel.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.backchannel.contracts.http.SessionGrant;
import io.backchannel.contracts.id.ClientId;
import io.backchannel.contracts.id.InvalidIdException;

/**
 * Issues and verifies client tokens. A token is
 * {@code v1.<clientId>.<expiry epoch seconds>.<base64url HMAC-SHA256 of the first three parts>}:
 * stateless, so any node verifies what any other issued. Built by
 * {@link AuthConfiguration}, which decides the signing secret.
 */
public class TokenService {

    private static final String VERSION = "v1";

    private final List<byte[]> keys = new ArrayList<>();

    private final AuthProperties properties;

    private final Clock clock;

    /**
     * @param properties the settings, with a secret
     * @throws IllegalArgumentException when the secret is empty
     */
    public TokenService(AuthProperties properties, Clock clock) {
        if (properties.secret().isEmpty()) {
            throw new IllegalArgumentException("a signing secret is required");
        }
        this.properties = properties;
        this.clock = clock;
        this.keys.add(properties.secret().getBytes(StandardCharsets.UTF_8));
        properties.previousSecrets().forEach((s) -> this.keys.add(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** A new identity. */
    public SessionGrant issue() {
        return issue(ClientId.random());
    }

    /** A fresh token for an existing identity. */
    public SessionGrant issue(ClientId client) {
        Instant expiresAt = this.clock.instant().plus(this.properties.tokenTtl());
        String body = VERSION + "." + client.value() + "." + expiresAt.getEpochSecond();
        return new SessionGrant(client, body + "." + sign(this.keys.get(0), body), expiresAt);
    }

    /**
     * The client a token belongs to.
     * @throws InvalidTokenException when it is missing, malformed, not signed by a known
     * key, or expired
     */
    public ClientId verify(String token) {
        return identify(token).client();
    }

    /**
     * The identity a token proves: its client, until its expiry, with no scopes.
     * @throws InvalidTokenException when it is missing, malformed, not signed by a known
     * key, or expired
     */
    public Identity identify(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            throw new InvalidTokenException("a bearer token is required");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new InvalidTokenException("the token is malformed");
        }
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        byte[] given = parts[3].getBytes(StandardCharsets.US_ASCII);
        boolean signed = false;
        for (byte[] key : this.keys) {
            signed |= MessageDigest.isEqual(sign(key, body).getBytes(StandardCharsets.US_ASCII), given);
        }
        if (!signed) {
            throw new InvalidTokenException("the token does not verify");
        }
        long expiry;
        try {
            expiry = Long.parseLong(parts[2]);
        }
        catch (NumberFormatException ex) {
            throw new InvalidTokenException("the token is malformed");
        }
        if (this.clock.instant().getEpochSecond() >= expiry) {
            throw new InvalidTokenException("the token has expired");
        }
        try {
            return new Identity(ClientId.of(parts[1]), Instant.ofEpochSecond(expiry), Set.of());
        }
        catch (InvalidIdException ex) {
            throw new InvalidTokenException("the token is malformed");
        }
    }

    private static String sign(byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("HmacSHA256 is not available", ex);
        }
    }

}

package io.backchannel.contracts.id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A client's identity, issued by a web node: 128 random bits, base64url without padding
 * (22 characters). Every Redis key of one client carries it as a hash tag.
 */
public record ClientId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{22}");

    private static final SecureRandom RANDOM = new SecureRandom();

    public ClientId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new InvalidIdException("clientId must be 22 base64url characters");
        }
    }

    @JsonCreator
    public static ClientId of(String value) {
        return new ClientId(value);
    }

    public static ClientId random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new ClientId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * The client of a user an identity provider vouches for: the same user id makes the
     * same client on every node, so all of a user's devices share their requests, inbox
     * and limits. The first 128 bits of SHA-256 over the id, which keeps user ids (an
     * e-mail address, say) out of Redis keys and broker headers.
     * @param userId the user's id as the identity provider gives it; not empty
     */
    public static ClientId forUser(String userId) {
        if (userId == null || userId.isEmpty()) {
            throw new InvalidIdException("userId must not be empty");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(("backchannel-user:" + userId).getBytes(StandardCharsets.UTF_8));
            return new ClientId(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }

    @JsonValue
    @Override
    public String value() {
        return this.value;
    }

    @Override
    public String toString() {
        return this.value;
    }

}

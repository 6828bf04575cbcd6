package io.backchannel.contracts.id;

import java.security.SecureRandom;
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

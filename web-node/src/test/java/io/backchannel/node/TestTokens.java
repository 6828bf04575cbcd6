package io.backchannel.node;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens made by hand, for any secret and expiry: expired ones, ones signed by a previous
 * or an unknown secret. The same form as the node's ({@code v1.clientId.expiry.hmac}).
 */
public final class TestTokens {

    private TestTokens() {
    }

    public static String sign(String secret, String clientId, Instant expiresAt) {
        String body = "v1." + clientId + "." + expiresAt.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return body + "."
                    + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        }
        catch (java.security.GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

}

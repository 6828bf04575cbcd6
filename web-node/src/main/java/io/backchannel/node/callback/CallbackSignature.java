package io.backchannel.node.callback;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Backchannel-Signature} of a callback: {@code t=<unix seconds>,v1=<hex>},
 * where the hex is HMAC-SHA256, keyed with the deployment's callback secret, over the
 * timestamp, a dot and the body as sent. A receiver recomputes it, compares in constant
 * time and refuses a timestamp too far from its clock (a replay).
 */
final class CallbackSignature {

    static final String HEADER = "Backchannel-Signature";

    private CallbackSignature() {
    }

    static String sign(String secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
        }
    }

}

package io.rewind.decision.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The webhook signature: {@code v1=} and the hex HMAC-SHA256 of {@code <timestamp>.<body>}, as Stripe and Slack sign. */
public final class Signatures {

    public static final String TIMESTAMP_HEADER = "X-Rewind-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Rewind-Signature";
    public static final String EVENT_HEADER = "X-Rewind-Event";
    public static final String DELIVERY_HEADER = "X-Rewind-Delivery";

    private Signatures() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signed = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}

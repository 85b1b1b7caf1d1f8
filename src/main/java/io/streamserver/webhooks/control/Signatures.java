package io.streamserver.webhooks.control;

import io.streamserver.webhooks.entity.WebhookEndpoint;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The Standard Webhooks signature: "v1," and the Base64 of HMAC-SHA256, keyed with the secret's bytes (the Base64
 * after "whsec_"), over "webhook-id.webhook-timestamp.body".
 */
public final class Signatures {

    private static final String ALGORITHM = "HmacSHA256";

    private Signatures() {
    }

    /** The webhook-signature header's value. */
    public static String sign(String secret, String messageId, long timestampSeconds, String body) {
        if (!secret.startsWith(WebhookEndpoint.SECRET_PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + WebhookEndpoint.SECRET_PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(WebhookEndpoint.SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            byte[] digest = mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every JDK", e);
        }
    }
}

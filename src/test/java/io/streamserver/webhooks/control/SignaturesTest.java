package io.streamserver.webhooks.control;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SignaturesTest {

    private static final byte[] KEY = "a key of twenty-four byt".getBytes(StandardCharsets.US_ASCII);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    /** The vector, computed here with javax.crypto over the spec's signed content. */
    private static String expected(String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signsIdTimestampAndBodyWithTheSecretsDecodedBytes() throws Exception {
        String body = "{\"type\":\"job.completed\",\"data\":{\"track_id\":\"café\"}}";
        assertEquals(expected("msg_1", 1_700_000_000L, body), Signatures.sign(SECRET, "msg_1", 1_700_000_000L, body));
    }

    @Test
    void anyChangeOfTheSignedContentChangesTheSignature() {
        String signature = Signatures.sign(SECRET, "msg_1", 1_700_000_000L, "{}");
        assertNotEquals(signature, Signatures.sign(SECRET, "msg_2", 1_700_000_000L, "{}"));
        assertNotEquals(signature, Signatures.sign(SECRET, "msg_1", 1_700_000_001L, "{}"));
        assertNotEquals(signature, Signatures.sign(SECRET, "msg_1", 1_700_000_000L, "{ }"));
    }

    @Test
    void refusesASecretWithoutItsPrefix() {
        assertThrows(IllegalArgumentException.class, () -> Signatures.sign("c2VjcmV0", "msg_1", 1L, "{}"));
    }
}

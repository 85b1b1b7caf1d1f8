package io.streamserver.security.boundary;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An RS256 token issuer made of JDK parts only, standing in for an identity provider. */
public final class Jwts {

    public static final String ISSUER = "https://issuer.stream-server.test";
    /** The audience that AuthenticationIT's server requires (mp.jwt.verify.audiences). */
    public static final String AUDIENCE = "stream-server";

    private final KeyPair keys;

    public Jwts() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as mp.jwt.verify.publickey takes it: the X.509 encoding in Base64. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** The server configuration that turns authentication on and verifies this issuer's tokens. */
    public Map<String, String> verifyingServer() {
        return Map.of("stream.auth.enabled", "true", "mp.jwt.verify.publickey", publicKey(), "mp.jwt.verify.issuer", ISSUER);
    }

    public String token(String subject, List<String> groups) {
        return token(subject, groups, ISSUER, Instant.now().plus(Duration.ofMinutes(30)));
    }

    public String token(String subject, List<String> groups, String issuer, Instant expiry) {
        return token(subject, groups, issuer, expiry, AUDIENCE);
    }

    /** @param audience the aud claim, or null for none */
    public String token(String subject, List<String> groups, String issuer, Instant expiry, String audience) {
        JsonArrayBuilder groupArray = Json.createArrayBuilder();
        groups.forEach(groupArray::add);
        String header = Json.createObjectBuilder().add("alg", "RS256").add("typ", "JWT").build().toString();
        jakarta.json.JsonObjectBuilder claimsBuilder = Json.createObjectBuilder()
                .add("iss", issuer)
                .add("sub", subject)
                .add("upn", subject + "@stream-server.test")
                .add("jti", UUID.randomUUID().toString())
                .add("iat", expiry.minus(Duration.ofHours(1)).getEpochSecond())
                .add("exp", expiry.getEpochSecond())
                .add("groups", groupArray);
        if (audience != null) {
            claimsBuilder.add("aud", audience);
        }
        String claims = claimsBuilder.build().toString();
        String signed = base64(header.getBytes(StandardCharsets.UTF_8)) + "." + base64(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

package io.streamserver.security.boundary;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
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
    /** The kid that every token's header names, or null for none. */
    private final String keyId;

    /** An issuer with a key of its own, whose tokens name no key. */
    public Jwts() {
        this((String) null);
    }

    /** An issuer with a key of its own, whose tokens name it by this kid, as Keycloak's do. */
    public Jwts(String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.keyId = keyId;
    }

    private Jwts(KeyPair keys, String keyId) {
        this.keys = keys;
        this.keyId = keyId;
    }

    /** The same key, its tokens naming it by another kid (null: by none). */
    public Jwts named(String otherKeyId) {
        return new Jwts(keys, otherKeyId);
    }

    /** The public key as mp.jwt.verify.publickey takes it: the X.509 encoding in Base64. */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** The public key as an identity provider hands it out in a file: PEM, "BEGIN PUBLIC KEY". */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The public key as one entry of a JWKS (RFC 7517), under this issuer's kid. */
    public JsonObject jwk() {
        RSAPublicKey rsa = (RSAPublicKey) keys.getPublic();
        return Json.createObjectBuilder().add("kty", "RSA").add("kid", keyId).add("use", "sig").add("alg", "RS256")
                .add("n", base64(unsigned(rsa.getModulus()))).add("e", base64(unsigned(rsa.getPublicExponent()))).build();
    }

    /** A JWKS document with these issuers' keys, as an identity provider publishes it. */
    public static String jwks(Jwts... issuers) {
        JsonArrayBuilder keys = Json.createArrayBuilder();
        for (Jwts issuer : issuers) {
            keys.add(issuer.jwk());
        }
        return Json.createObjectBuilder().add("keys", keys).build().toString();
    }

    /** JWK integers are big-endian without the sign byte that BigInteger adds. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
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
        JsonObjectBuilder headerBuilder = Json.createObjectBuilder().add("alg", "RS256").add("typ", "JWT");
        if (keyId != null) {
            headerBuilder.add("kid", keyId);
        }
        String header = headerBuilder.build().toString();
        JsonObjectBuilder claimsBuilder = Json.createObjectBuilder()
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

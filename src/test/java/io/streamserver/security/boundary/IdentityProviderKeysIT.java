package io.streamserver.security.boundary;

import com.sun.net.httpserver.HttpServer;
import io.streamserver.ServerProcess;
import io.streamserver.StreamApi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authentication turned on as docs/security.md shows it: a server started as its users start it, with
 * STREAM_AUTH_ENABLED, MP_JWT_VERIFY_ISSUER and MP_JWT_VERIFY_PUBLICKEY_LOCATION in its environment, the key given
 * each way an operator may give it: a PEM file by plain path, a JWKS file by file: URL, and a JWKS URL, as identity
 * providers such as Keycloak publish their keys and name one by kid in every token. One server each.
 */
class IdentityProviderKeysIT {

    private static final Jwts FIRST = new Jwts("first-key");
    private static final Jwts SECOND = new Jwts("second-key");
    /** Another key under the first one's kid: only the key's own signature may pass. */
    private static final Jwts IMPOSTOR = new Jwts("first-key");

    private static Path folder(String form) throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("stream.test-dir", "target/it"),
                "identity-provider-" + form + "-" + UUID.randomUUID())).toAbsolutePath();
    }

    private static ServerProcess start(Path folder, String keyLocation) throws IOException {
        return new ServerProcess(Files.createDirectories(folder.resolve("data")), Map.of(
                "STREAM_AUTH_ENABLED", "true",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keyLocation,
                "MP_JWT_VERIFY_ISSUER", Jwts.ISSUER)).start();
    }

    private static void assertAnswer(int status, ServerProcess server, Jwts issuer, String what) throws IOException {
        HttpResponse<String> answer = new StreamApi(server.url())
                .withBearer(issuer.token("caller-" + UUID.randomUUID(), List.of())).get("v1/stream/jobs");
        assertEquals(status, answer.statusCode(), what + ": " + answer.body());
        if (status == 401) {
            assertEquals("unauthorized", StreamApi.json(answer).getString("error"), what);
        }
    }

    /** The documented form; the PEM key has no kid, so a token's kid does not matter. */
    @Test
    void aPemFileByPlainPath() throws IOException, InterruptedException {
        Path folder = folder("pem");
        Path pem = Files.writeString(folder.resolve("idp-public.pem"), FIRST.publicKeyPem(), StandardCharsets.US_ASCII);
        try (ServerProcess server = start(folder, pem.toString())) {
            assertAnswer(200, server, FIRST, "a token naming a kid");
            assertAnswer(200, server, FIRST.named(null), "a token naming none");
            assertAnswer(401, server, IMPOSTOR, "another key's token");
        }
    }

    @Test
    void aJwksFileByFileUrl() throws IOException, InterruptedException {
        Path folder = folder("jwks-file");
        Path jwks = Files.writeString(folder.resolve("jwks.json"), Jwts.jwks(FIRST, SECOND), StandardCharsets.UTF_8);
        try (ServerProcess server = start(folder, jwks.toUri().toString())) {
            assertTrustsBothKeysByKid(server);
        }
    }

    /** Served as Keycloak serves its realm's keys, from a small HTTP server on loopback. */
    @Test
    void aJwksUrl() throws IOException, InterruptedException {
        AtomicInteger fetched = new AtomicInteger();
        byte[] jwks = Jwts.jwks(FIRST, SECOND).getBytes(StandardCharsets.UTF_8);
        HttpServer idp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        idp.createContext("/realms/stream/protocol/openid-connect/certs", exchange -> {
            fetched.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        idp.start();
        try (ServerProcess server = start(folder("jwks-url"), "http://127.0.0.1:" + idp.getAddress().getPort()
                + "/realms/stream/protocol/openid-connect/certs")) {
            assertTrustsBothKeysByKid(server);
            assertTrue(fetched.get() > 0, "the server read the keys from the URL");
        } finally {
            idp.stop(0);
        }
    }

    private static void assertTrustsBothKeysByKid(ServerProcess server) throws IOException {
        assertAnswer(200, server, FIRST, "the first key's token");
        assertAnswer(200, server, SECOND, "the second key's token");
        assertAnswer(401, server, IMPOSTOR, "another key under the first key's kid");
        assertAnswer(401, server, FIRST.named("unknown-key"), "a kid the set does not hold");
    }
}

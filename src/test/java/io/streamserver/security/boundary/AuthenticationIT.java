package io.streamserver.security.boundary;

import io.streamserver.DataFolder;
import io.streamserver.Deployments;
import io.streamserver.RawHttp;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.WebhookReceiver;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server with STREAM_AUTH_ENABLED: bearer tokens from a test issuer (an RSA key pair made here), job ownership,
 * signed playback URLs, the per-subject rate limit and a small upload limit, all set through the WAR's configuration.
 */
@ExtendWith(ArquillianExtension.class)
class AuthenticationIT {

    private static final Jwts ISSUER = new Jwts();
    private static final String PLAYBACK_KEY = "test-playback-key-" + UUID.randomUUID();
    private static final long MAX_UPLOAD_BYTES = 1024 * 1024;
    private static final int BURST = 4;
    private static final Path DATA = Path.of(System.getenv("STREAM_DATA_DIR"));

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = new java.util.HashMap<>(ISSUER.verifyingServer());
        config.putAll(Map.of(
                "mp.jwt.verify.audiences", "other-service," + Jwts.AUDIENCE,
                "stream.playback.signing-key", PLAYBACK_KEY,
                "stream.max-upload-bytes", String.valueOf(MAX_UPLOAD_BYTES),
                "stream.rate-limit.per-minute", "1",
                "stream.rate-limit.burst", String.valueOf(BURST)));
        // webhooks reach the test's receiver on loopback
        config.put("stream.webhook.allow-private", "true");
        return Deployments.serverWith(config);
    }

    private List<Path> uploadsBefore;
    private List<Path> tempBefore;

    @BeforeEach
    void recordFolders() throws IOException {
        uploadsBefore = DataFolder.list(DATA.resolve("uploads"));
        tempBefore = DataFolder.list(Deployments.serverTempFolder());
    }

    @AfterEach
    void noTemporaryFileIsLeftBehind() throws IOException {
        assertEquals(tempBefore, DataFolder.list(Deployments.serverTempFolder()), "the server's temporary folder");
    }

    /** Jobs of earlier tests finish and take their uploads along meanwhile, so only additions count. */
    private List<Path> newUploads() throws IOException {
        return DataFolder.list(DATA.resolve("uploads")).stream().filter(p -> !uploadsBefore.contains(p)).toList();
    }

    /** Each test has its own subjects, so that their jobs and rate limits never meet. */
    private static String subject(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private StreamApi as(String subject, String... groups) {
        return new StreamApi(base).withBearer(ISSUER.token(subject, List.of(groups)));
    }

    private static Path wav() throws IOException {
        return TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2);
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("unauthorized", StreamApi.json(response).getString("error"), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"),
                response.headers().toString());
    }

    private void assertEveryCallRefused(StreamApi api) throws IOException {
        assertUnauthorized(api.submit(wav(), Map.of()));
        assertUnauthorized(api.get("v1/stream/jobs"));
        assertUnauthorized(api.get("v1/stream/job/" + UUID.randomUUID()));
        String someonesJob = as(subject("owner")).submitted(wav());
        assertUnauthorized(api.get("v1/stream/job/" + someonesJob));
    }

    @Test
    void withoutATokenEveryCallIsRefused() throws IOException {
        assertEveryCallRefused(new StreamApi(base));
    }

    @Test
    void aTokenWithABadSignatureIsRefused() throws IOException {
        assertEveryCallRefused(new StreamApi(base).withBearer(new Jwts().token(subject("mallory"), List.of("admin"))));
    }

    @Test
    void anExpiredTokenIsRefused() throws IOException {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        assertEveryCallRefused(new StreamApi(base).withBearer(
                ISSUER.token(subject("late"), List.of(), Jwts.ISSUER, anHourAgo)));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws IOException {
        assertEveryCallRefused(new StreamApi(base).withBearer(
                ISSUER.token(subject("stranger"), List.of(), "https://elsewhere.test", Instant.now().plusSeconds(600))));
    }

    /** MP_JWT_VERIFY_AUDIENCES is set: a token for another audience, or for none, is refused. */
    @Test
    void aTokenForAnotherAudienceIsRefused() throws IOException {
        Instant expiry = Instant.now().plus(Duration.ofMinutes(30));
        String owner = subject("audience");
        assertUnauthorized(new StreamApi(base).withBearer(ISSUER.token(owner, List.of(), Jwts.ISSUER, expiry, "elsewhere"))
                .get("v1/stream/jobs"));
        assertUnauthorized(new StreamApi(base).withBearer(ISSUER.token(owner, List.of(), Jwts.ISSUER, expiry, null))
                .get("v1/stream/jobs"));
        assertEquals(200, new StreamApi(base).withBearer(ISSUER.token(owner, List.of(), Jwts.ISSUER, expiry, "other-service"))
                .get("v1/stream/jobs").statusCode(), "any of the configured audiences");
    }

    /** Others' newer jobs fill no page of a subject's list: the owner is filtered inside the query, before the limit. */
    @Test
    void aSubjectsPagesHoldItsOwnJobsFull() throws IOException {
        StreamApi owner = as(subject("pager"));
        StreamApi other = as(subject("busy"));
        String older = owner.submitted(wav());
        String newer = owner.submitted(wav());
        for (int i = 0; i < 3; i++) {
            other.submitted(wav());
        }

        JsonObject page = StreamApi.json(owner.get("v1/stream/jobs?limit=2"));

        assertEquals(List.of(newer, older), page.getJsonArray("jobs").getValuesAs(JsonObject.class).stream()
                .map(job -> job.getString("id")).toList(), page.toString());
    }

    @Test
    void aJobIsVisibleToItsOwnerAndTheAdminRoleOnly() throws IOException {
        StreamApi alice = as(subject("alice"));
        String job = alice.submitted(wav());

        assertEquals(job, alice.job(job).getString("id"));
        assertEquals(job, as(subject("root"), "admin").job(job).getString("id"));

        HttpResponse<String> bob = as(subject("bob"), "listeners").get("v1/stream/job/" + job);
        HttpResponse<String> unknown = as(subject("bob")).get("v1/stream/job/" + UUID.randomUUID());
        assertEquals(404, bob.statusCode(), bob.body());
        assertEquals(unknown.body(), bob.body(), "another subject's job looks exactly like no job");

        StreamApi bobApi = as(subject("bob"));
        java.net.URI jobUri = bobApi.uri("v1/stream/job/" + job);
        assertEquals(404, bobApi.send(java.net.http.HttpRequest.newBuilder(jobUri).DELETE()).statusCode(), "cancel");
        assertEquals(404, bobApi.send(java.net.http.HttpRequest.newBuilder(bobApi.uri("v1/stream/job/" + job + "/retry"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode(), "retry");
        assertEquals(404, bobApi.get("v1/stream/job/" + job + "/events").statusCode(), "events");

        assertTrue(listedIds(alice).contains(job), "the owner's list");
        assertTrue(listedIds(as(subject("root"), "admin")).contains(job), "the admin's list");
        assertFalse(listedIds(bobApi).contains(job), "another subject's list");
    }

    private static List<String> listedIds(StreamApi api) throws IOException {
        HttpResponse<String> page = api.get("v1/stream/jobs?limit=100");
        assertEquals(200, page.statusCode(), page.body());
        return StreamApi.json(page).getJsonArray("jobs").getValuesAs(JsonObject.class).stream()
                .map(j -> j.getString("id")).toList();
    }

    @Test
    void playersWithoutHeadersUseTheSignedUrlAndNothingElse() throws IOException, GeneralSecurityException {
        StreamApi carol = as(subject("carol"));
        String job = carol.submitted(wav());
        JsonObject done = carol.awaitFinal(job);
        assertEquals("Completed", done.getString("status"), done.toString());
        String hlsUrl = done.getString("hls_url");
        assertTrue(hlsUrl.startsWith("/v1/stream/hls/" + job + "/index.m3u8?token="), hlsUrl);
        String token = hlsUrl.substring(hlsUrl.indexOf("token=") + "token=".length());

        StreamApi anonymous = new StreamApi(base);
        HttpResponse<String> playlist = anonymous.get(hlsUrl);
        assertEquals(200, playlist.statusCode(), playlist.body());
        List<String> uris = playlist.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertFalse(uris.isEmpty(), playlist.body());
        for (String uri : uris) {
            assertTrue(uri.endsWith("?token=" + token), uri);
            URI segment = anonymous.uri(hlsUrl).resolve(uri);
            assertEquals(200, anonymous.send(java.net.http.HttpRequest.newBuilder(segment),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), uri);
        }
        // ffmpeg, which sends no Authorization header, plays it from the URL alone
        Path decoded = TestAudio.decodeToWav(anonymous.uri(hlsUrl).toString(), "signed-playback.wav");
        assertEquals(2.0, TestAudio.durationSeconds(decoded.toString()), 0.1);

        String segmentPath = "/v1/stream/hls/" + job + "/" + uris.get(0).substring(0, uris.get(0).indexOf('?'));
        String signature = token.substring(token.indexOf('.') + 1);
        long expiry = Long.parseLong(token.substring(0, token.indexOf('.')));
        // a shared cache keys a signed answer by its whole URL, token included, and keeps it no longer than the token lives
        for (String file : List.of(segmentPath + "?token=" + token, hlsUrl)) {
            String cacheControl = new RawHttp(base).get(file).header("Cache-Control");
            java.util.regex.Matcher maxAge = java.util.regex.Pattern.compile("max-age=(\\d+)").matcher(String.valueOf(cacheControl));
            assertTrue(maxAge.find(), file + ": " + cacheControl);
            long seconds = Long.parseLong(maxAge.group(1));
            assertTrue(seconds > 0 && seconds <= expiry - Instant.now().getEpochSecond() + 1, file + ": " + cacheControl);
        }
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        Map<String, String> refused = Map.of(
                "no token", segmentPath,
                "no token on the playlist", "/v1/stream/hls/" + job + "/index.m3u8",
                "altered signature", segmentPath + "?token=" + expiry + "." + flip(signature),
                "extended expiry", segmentPath + "?token=" + (expiry + 86_400) + "." + signature,
                "expired, correctly signed", segmentPath + "?token=" + past + "." + sign(job, past),
                "another job's token", "/v1/stream/hls/" + UUID.randomUUID() + "/index.m3u8?token=" + token);
        for (Map.Entry<String, String> attempt : refused.entrySet()) {
            RawHttp.Answer answer = new RawHttp(base).get(attempt.getValue());
            assertEquals(403, answer.status(), attempt.getKey() + ": " + answer.text());
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), attempt.getKey());
        }
        assertEquals(200, new RawHttp(base).get(segmentPath + "?token=" + expiry + "." + sign(job, expiry)).status(),
                "the test signs exactly as the server does");
    }

    @Test
    void theDashManifestAndTheDownloadTakeTheSignedUrlsTokenOrTheOwnersBearer() throws IOException {
        String owner = subject("erin");
        StreamApi erin = as(owner);
        String job = erin.submitted(wav(), StreamApi.fields("codec", "opus"));
        JsonObject done = erin.awaitFinal(job);
        assertEquals("Completed", done.getString("status"), done.toString());
        String hlsUrl = done.getString("hls_url");
        String token = hlsUrl.substring(hlsUrl.indexOf("token=") + "token=".length());
        StreamApi anonymous = new StreamApi(base);

        String mpdPath = "/v1/stream/hls/" + job + "/manifest.mpd";
        HttpResponse<String> mpd = anonymous.get(mpdPath + "?token=" + token);
        assertEquals(200, mpd.statusCode(), mpd.body());
        List<String> urls = java.util.regex.Pattern.compile("(?:sourceURL|media)=\"([^\"]+)\"").matcher(mpd.body())
                .results().map(m -> m.group(1)).toList();
        assertTrue(urls.size() >= 2, mpd.body());
        for (String url : urls) {
            assertTrue(url.endsWith("?token=" + token), url);
            assertEquals(200, anonymous.send(java.net.http.HttpRequest.newBuilder(anonymous.uri(mpdPath).resolve(url)),
                    HttpResponse.BodyHandlers.discarding()).statusCode(), url);
        }
        assertEquals(403, anonymous.get(mpdPath).statusCode(), "the manifest needs the token as playlists do");

        String download = "/v1/stream/job/" + job + "/download";
        HttpResponse<String> signed = anonymous.get(download + "?token=" + token);
        assertEquals(200, signed.statusCode(), signed.body());
        assertTrue(signed.headers().firstValue("Cache-Control").orElse("").startsWith("public"), signed.headers().toString());
        HttpResponse<String> own = erin.get(download);
        assertEquals(200, own.statusCode(), own.body());
        assertTrue(own.headers().firstValue("Cache-Control").orElse("").startsWith("private"),
                "the owner's own answer is kept by no shared cache: " + own.headers());
        assertEquals(404, as(subject("mallory")).get(download).statusCode(), "another subject's bearer sees no job");
        assertUnauthorized(anonymous.get(download));
        assertUnauthorized(anonymous.get(download + "?token=" + token.substring(0, token.indexOf('.') + 1)
                + flip(token.substring(token.indexOf('.') + 1))));
        assertUnauthorized(anonymous.get("/v1/stream/job/" + UUID.randomUUID() + "/download?token=" + token));
        assertUnauthorized(anonymous.get("/v1/stream/job/" + job + "?token=" + token));
    }

    private static String flip(String signature) {
        char first = signature.charAt(0);
        return (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }

    private static String sign(String job, long expiry) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PLAYBACK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((job + "." + expiry).getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void submissionsBeyondTheBurstGetTooManyRequestsWithRetryAfter() throws IOException {
        StreamApi greedy = as(subject("greedy"));
        Path notAudio = TestAudio.textFile("not-audio.wav", "not audio\n");
        for (int i = 1; i <= BURST; i++) {
            HttpResponse<String> answer = greedy.submit(notAudio, Map.of());
            assertEquals(400, answer.statusCode(), "submission " + i + " is within the burst: " + answer.body());
        }
        HttpResponse<String> limited = greedy.submit(notAudio, Map.of());
        assertEquals(429, limited.statusCode(), limited.body());
        assertEquals("too_many_requests", StreamApi.json(limited).getString("error"));
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 60, "one token a minute: " + retryAfter);

        HttpResponse<String> other = as(subject("modest")).submit(notAudio, Map.of());
        assertNotEquals(429, other.statusCode(), "another subject has its own bucket");
    }

    /** A chunked upload announces no length: it is cut off once past the limit, and the rest is never read. */
    @Test
    void aChunkedUploadBeyondTheLimitIsCutShort() throws IOException {
        String boundary = "----chunked-" + UUID.randomUUID();
        String head = "POST /v1/stream/transcode HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer " + ISSUER.token(subject("big"), List.of()) + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        byte[] partHead = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        long total = 256L * 1024 * 1024;
        ChunkedBody body = new ChunkedBody(partHead, total);
        RawHttp.Answer answer = new RawHttp(base).exchange(head.getBytes(StandardCharsets.ISO_8859_1), body, 64 * 1024);
        assertEquals(413, answer.status(), answer.text());
        assertTrue(answer.text().contains("STREAM_MAX_UPLOAD_BYTES"), answer.text());
        assertTrue(body.produced() < total / 4, "sent " + body.produced() + " of " + total + " bytes");
        assertEquals(List.of(), newUploads(), "nothing of the refused upload is kept");
    }

    /** A chunked body: the part's head, then filler bytes, framed in 64 KiB chunks, produced on demand. */
    private static final class ChunkedBody extends InputStream {
        private static final int CHUNK = 64 * 1024;
        private final byte[] partHead;
        private final long total;
        private long produced;
        private byte[] current = new byte[0];
        private int position;

        ChunkedBody(byte[] partHead, long total) {
            this.partHead = partHead;
            this.total = total;
        }

        long produced() {
            return produced;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == current.length) {
                if (produced >= total) {
                    return -1;
                }
                byte[] data = produced == 0 ? partHead : new byte[CHUNK];
                if (produced > 0) {
                    java.util.Arrays.fill(data, (byte) 'x');
                }
                produced += data.length;
                byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[] framed = new byte[size.length + data.length + 2];
                System.arraycopy(size, 0, framed, 0, size.length);
                System.arraycopy(data, 0, framed, size.length, data.length);
                framed[framed.length - 2] = '\r';
                framed[framed.length - 1] = '\n';
                current = framed;
                position = 0;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /**
     * An endpoint belongs to the subject that registered it and gets only that subject's jobs; an admin's gets every
     * job. The outbox rows are written with the job's completion, so once both jobs are Completed each endpoint's
     * deliveries are all it will ever get for them.
     */
    @Test
    void aWebhookEndpointReceivesItsOwnersJobsOnlyAndAnAdminsEveryJob() throws Exception {
        StreamApi alice = as(subject("alice"));
        StreamApi bob = as(subject("bob"));
        StreamApi admin = as(subject("root"), "admin");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String alices = register(alice, receiver.url("/alice"));
            String bobs = register(bob, receiver.url("/bob"));
            String admins = register(admin, receiver.url("/admin"));

            String aliceJob = alice.submitted(wav());
            String bobJob = bob.submitted(wav());
            assertEquals("Completed", alice.awaitFinal(aliceJob).getString("status"));
            assertEquals("Completed", bob.awaitFinal(bobJob).getString("status"));

            assertEquals(List.of(aliceJob), jobsDeliveredTo(alice, alices));
            assertEquals(List.of(bobJob), jobsDeliveredTo(bob, bobs));
            // the admin's endpoint gets every job, those of the other tests running meanwhile too
            List<String> adminsJobs = jobsDeliveredTo(admin, admins);
            assertTrue(adminsJobs.containsAll(List.of(aliceJob, bobJob)), adminsJobs.toString());
            receiver.await(r -> r.path().equals("/alice") && r.body().contains(aliceJob), 1, java.time.Duration.ofSeconds(60));

            assertEquals(404, bob.get("v1/stream/webhooks/" + alices + "/deliveries").statusCode());
            assertEquals(404, bob.send(HttpRequest.newBuilder(bob.uri("v1/stream/webhooks/" + alices)).DELETE()).statusCode());
            assertEquals(List.of(bobs), StreamApi.array(bob.get("v1/stream/webhooks")).getValuesAs(jakarta.json.JsonObject.class)
                    .stream().map(e -> e.getString("id")).toList());
            assertTrue(StreamApi.array(admin.get("v1/stream/webhooks")).getValuesAs(jakarta.json.JsonObject.class).stream()
                    .map(e -> e.getString("id")).toList().containsAll(List.of(alices, bobs, admins)));
            for (String endpoint : List.of(alices, bobs, admins)) {
                assertEquals(204, admin.send(HttpRequest.newBuilder(admin.uri("v1/stream/webhooks/" + endpoint)).DELETE()).statusCode());
            }
        }
    }

    private static String register(StreamApi api, String url) throws IOException {
        HttpResponse<String> created = api.send(HttpRequest.newBuilder(api.uri("v1/stream/webhooks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"url\": \"" + url + "\", \"events\": [\"job.completed\"]}")));
        assertEquals(201, created.statusCode(), created.body());
        return StreamApi.json(created).getString("id");
    }

    private static List<String> jobsDeliveredTo(StreamApi api, String endpoint) throws IOException {
        return StreamApi.array(api.get("v1/stream/webhooks/" + endpoint + "/deliveries")).getValuesAs(jakarta.json.JsonObject.class)
                .stream().map(d -> d.getString("job_id")).toList();
    }
}

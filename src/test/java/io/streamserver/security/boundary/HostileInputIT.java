package io.streamserver.security.boundary;

import com.sun.net.httpserver.HttpServer;
import io.streamserver.DataFolder;
import io.streamserver.Deployments;
import io.streamserver.RawHttp;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile uploads and hostile URLs, with the default configuration: files disguised as audio that reference
 * a local file or a loopback URL, malformed multipart forms, and paths that try to leave a job's folder.
 * A canary file with a unique token stands for the server's secrets: its bytes must never come back.
 * Every refusal must leave no file behind, neither among the uploads nor in the server's temporary folder.
 */
@ExtendWith(ArquillianExtension.class)
class HostileInputIT {

    private static final Path DATA = Path.of(System.getenv("STREAM_DATA_DIR"));
    private static final String SECRET = "canary-" + UUID.randomUUID();
    private static final AtomicInteger LISTENER_HITS = new AtomicInteger();
    private static Path canary;
    private static HttpServer listener;
    private static String completedJob;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    /** The canary sits in the data directory, two levels above every job folder; the listener serves it too. */
    @BeforeAll
    static void canaryAndListener() throws IOException {
        canary = Files.writeString(DATA.resolve("canary.txt"), SECRET + "\n", StandardCharsets.UTF_8);
        listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        listener.createContext("/", exchange -> {
            LISTENER_HITS.incrementAndGet();
            byte[] body = (SECRET + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        listener.start();
    }

    @AfterAll
    static void stopListener() {
        listener.stop(0);
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

    /** Jobs made on purpose finish and take their upload along meanwhile, so only additions count. */
    private void assertNoUploadLeft() throws IOException {
        assertEquals(List.of(), DataFolder.list(DATA.resolve("uploads")).stream().filter(p -> !uploadsBefore.contains(p)).toList(),
                "files added to the upload folder");
    }

    private StreamApi api() {
        return new StreamApi(base);
    }

    private String completedJob() throws IOException {
        if (completedJob == null) {
            String jobId = api().submitted(TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2));
            assertEquals("Completed", api().awaitFinal(jobId).getString("status"));
            completedJob = jobId;
        }
        return completedJob;
    }

    private record Payload(String name, String content) {
    }

    @Test
    void filesDisguisedAsAudioThatReferenceOtherInputsAreRefused() throws IOException {
        String local = canary.toAbsolutePath().toString();
        String url = "http://127.0.0.1:" + listener.getAddress().getPort();
        List<Payload> payloads = List.of(
                new Payload("hls-file-url.mp3", hls("file://" + local)),
                new Payload("hls-absolute-path.wav", hls(local)),
                new Payload("hls-relative-path.mp4", hls("../canary.txt")),
                new Payload("hls-loopback-url.mp3", hls(url + "/segment.ts")),
                new Payload("hls-concat-protocol.mp4", hls("concat:" + url + "/header.y4m|file://" + local)),
                new Payload("hls-subfile-protocol.wav", hls("subfile,,start,0,end,0,,:" + local)),
                new Payload("hls-xbin-map.mp4", "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-MAP:URI=\"file://" + local
                        + "\"\n#EXTINF:1.0,\n" + url + "/x.xbin\n#EXT-X-ENDLIST\n"),
                new Payload("concat-local.wav", "ffconcat version 1.0\nfile '" + local + "'\n"),
                new Payload("concat-relative.mp3", "ffconcat version 1.0\nfile '../canary.txt'\n"),
                new Payload("concat-loopback.flac", "ffconcat version 1.0\nfile '" + url + "/a.wav'\n"),
                new Payload("sdp-loopback.m4a", "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\n"
                        + "m=audio " + listener.getAddress().getPort() + " RTP/AVP 0\n"));
        List<String> failures = new ArrayList<>();
        for (Payload payload : payloads) {
            HttpResponse<String> response = api().submit(TestAudio.textFile(payload.name(), payload.content()), Map.of());
            if (response.statusCode() != 400 || !StreamApi.json(response).getString("message").startsWith("file")) {
                failures.add(payload.name() + ": " + response.statusCode() + " " + response.body());
            }
            if (response.body().contains(SECRET)) {
                failures.add(payload.name() + ": the answer contains the canary");
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(0, LISTENER_HITS.get(), "the loopback listener was contacted");
        assertNoUploadLeft();
        assertNoJobOutputContainsTheCanary();
    }

    /** Webhook and callback URLs that reach inside: refused with 400 by default, and never called. */
    @Test
    void webhookUrlsInsideTheNetworkAreRefused() throws IOException {
        String loopback = "http://127.0.0.1:" + listener.getAddress().getPort() + "/hook";
        List<String> failures = new ArrayList<>();
        for (String url : List.of(loopback, "http://localhost:" + listener.getAddress().getPort() + "/",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/", "http://0.0.0.0/",
                "file://" + canary.toAbsolutePath(), "gopher://127.0.0.1/")) {
            HttpResponse<String> answer = api().send(HttpRequest.newBuilder(api().uri("v1/stream/webhooks"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"url\": \"" + url + "\", \"events\": [\"job.completed\"]}")));
            if (answer.statusCode() != 400 || !StreamApi.json(answer).getString("message").startsWith("url")) {
                failures.add(url + ": " + answer.statusCode() + " " + answer.body());
            }
        }
        HttpResponse<String> callback = api().submit(TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2),
                StreamApi.fields("callback_url", loopback));
        if (callback.statusCode() != 400 || !StreamApi.json(callback).getString("message").startsWith("callback_url")) {
            failures.add("callback_url: " + callback.statusCode() + " " + callback.body());
        }
        assertEquals(List.of(), failures);
        assertEquals(0, LISTENER_HITS.get(), "the loopback listener was contacted");
        assertNoUploadLeft();
    }

    private static String hls(String segmentUri) {
        return "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:10.0,\n"
                + segmentUri + "\n#EXT-X-ENDLIST\n";
    }

    private static void assertNoJobOutputContainsTheCanary() throws IOException {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(DATA.resolve("jobs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (IOException e) {
                    continue; // a segment of another class's job, moved while we walked
                }
                assertFalse(indexOf(bytes, secret) >= 0, file + " contains the canary");
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Empty or truncated files are refused at upload, or fail their job with ffmpeg's reason; never a hang. */
    @Test
    void emptyAndTruncatedAudioIsRefusedOrFails() throws IOException {
        Path flac = TestAudio.folder().resolve("sine-5s.flac");
        TestAudio.run(List.of("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=5", "-c:a", "flac",
                flac.toString()));
        Map<String, byte[]> files = Map.of(
                "empty.wav", new byte[0],
                "truncated.flac", java.util.Arrays.copyOf(Files.readAllBytes(flac), 2000));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path upload = Files.write(TestAudio.folder().resolve(file.getKey()), file.getValue());
            HttpResponse<String> response = api().submit(upload, Map.of());
            if (response.statusCode() == 200) {
                JsonObject job = api().awaitFinal(StreamApi.json(response).getString("job_id"));
                assertEquals("Failed", job.getString("status"), file.getKey() + ": " + job);
                assertFalse(job.getString("error").isBlank(), file.getKey() + " carries ffmpeg's reason");
            } else {
                assertEquals(400, response.statusCode(), file.getKey() + ": " + response.body());
                assertTrue(StreamApi.json(response).getString("message").startsWith("file"), response.body());
            }
        }
    }

    /** Corrupt from the start: refused at upload, by the probe or by the decoding of its first seconds. */
    @Test
    void audioCorruptFromTheStartIsRefusedAtUpload() throws IOException {
        HttpResponse<String> response = api().submit(TestAudio.noisyFrom("corrupt.mp3", 5, "libmp3lame", 0.01), Map.of());

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(StreamApi.json(response).getString("message").startsWith("file: "), response.body());
        assertNoUploadLeft();
    }

    /** Decodes for its first seconds and breaks later: the job fails in ffmpeg's own words, not Completed with a gap. */
    @Test
    void audioThatBreaksLaterFailsItsJobWithFfmpegsReason() throws IOException {
        String jobId = api().submitted(TestAudio.noisyFrom("breaks-later.mp3", 20, "libmp3lame", 0.6));

        JsonObject job = api().awaitFinal(jobId);

        assertEquals("Failed", job.getString("status"), job.toString());
        assertTrue(job.getString("error").contains("Invalid data") || job.getString("error").contains("Header missing"),
                job.toString());
        assertFalse(job.getString("error").contains(DATA.toString()), "no server path: " + job);
    }

    private static final String BOUNDARY = "----hostile-" + UUID.randomUUID();

    private static String part(String name, String fileName, String content) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\n\r\n" + content + "\r\n";
    }

    private RawHttp.Answer postForm(byte[] body) throws IOException {
        return postForm(body.length, new ByteArrayInputStream(body));
    }

    private RawHttp.Answer postForm(long declaredLength, InputStream body) throws IOException {
        String head = "POST /v1/stream/transcode HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                + (declaredLength >= 0 ? "Content-Length: " + declaredLength + "\r\n" : "") + "\r\n";
        return new RawHttp(base).exchange(head.getBytes(StandardCharsets.ISO_8859_1), body, 64 * 1024);
    }

    private static void assertRefused(RawHttp.Answer answer, int status, String messageContains) {
        assertEquals(status, answer.status(), answer.text());
        assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.headers().toString());
        assertTrue(answer.text().contains(messageContains), answer.text());
    }

    @Test
    void twoFilePartsAreRefused() throws IOException {
        // a megabyte each: the first is stored among the uploads before the second is refused
        String audio = "x".repeat(1024 * 1024);
        byte[] body = (part("file", "a.wav", audio) + part("file", "b.wav", audio) + "--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(postForm(body), 400, "exactly one file");
        assertNoUploadLeft();
    }

    @Test
    void aFormWithTooManyPartsIsRefused() throws IOException {
        StringBuilder form = new StringBuilder(part("file", "a.wav", "x".repeat(512 * 1024)));
        for (int i = 0; i < 1000; i++) {
            form.append(part("field" + i, null, "v"));
        }
        byte[] body = form.append("--").append(BOUNDARY).append("--\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(postForm(body), 400, "parts");
        assertNoUploadLeft();
    }

    @Test
    void aPartWithHugeHeadersIsRefused() throws IOException {
        byte[] body = (part("file", "a.wav", "x".repeat(512 * 1024))
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"codec\"\r\nX-Padding: "
                + "p".repeat(64 * 1024) + "\r\n\r\naac\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(postForm(body), 400, "headers");
        assertNoUploadLeft();
    }

    /** The declared length alone decides: the server answers without waiting for the 3 GiB it announces. */
    @Test
    void anUploadDeclaredLargerThanTheLimitIsRefusedBeforeItIsRead() throws IOException {
        byte[] start = part("file", "huge.wav", "RIFF").getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Answer answer = postForm(3L * 1024 * 1024 * 1024, new ByteArrayInputStream(start));
        assertRefused(answer, 413, "STREAM_MAX_UPLOAD_BYTES");
        assertNoUploadLeft();
    }

    @Test
    void pathsOutsideAJobFolderAreNeverServed() throws IOException {
        String job = completedJob();
        Path folder = DATA.resolve("jobs").resolve(job);
        Path link = folder.resolve("segment_00099.ts");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, canary.toAbsolutePath());
        String hls = "/v1/stream/hls/";
        List<String> paths = List.of(
                hls + job + "/..%2f..%2fcanary.txt",
                hls + job + "/..%2F..%2Fcanary.txt",
                hls + job + "/%2e%2e/%2e%2e/canary.txt",
                hls + job + "/%2e%2e%2f%2e%2e%2fcanary.txt",
                hls + "%2e%2e/%2e%2e/canary.txt",
                hls + job + "/%252e%252e%252f%252e%252e%252fcanary.txt",
                hls + job + "/%c0%ae%c0%ae/%c0%ae%c0%ae/canary.txt",
                hls + job + "/%c0%ae%c0%ae%c0%af%c0%ae%c0%ae%c0%afcanary.txt",
                hls + job + "/segment_00001.ts%00.txt",
                hls + job + "/%00../../canary.txt",
                hls + job + "/..\\..\\canary.txt",
                hls + job + "/..%5c..%5ccanary.txt",
                hls + job + "/../../canary.txt",
                hls + job + "/./../../canary.txt",
                hls + "../../canary.txt",
                hls + job + "/segment_00099.ts",
                hls + job + "/ffmpeg.log",
                hls + job + "/.encoder",
                hls + job + "/",
                hls + job.toUpperCase() + "/..%2f..%2fcanary.txt",
                "/v1/stream/job/..%2f..%2fcanary.txt",
                "/v1/stream/job/%2e%2e%2f%2e%2e%2fcanary.txt",
                "/v1/stream/job/" + job + "%00",
                "/canary.txt",
                "/../canary.txt",
                "/%2e%2e/canary.txt");
        List<String> failures = new ArrayList<>();
        for (String path : paths) {
            RawHttp.Answer answer = new RawHttp(base).get(path);
            if (answer.status() != 400 && answer.status() != 404) {
                failures.add(path + " -> " + answer.status());
            }
            if (answer.text().contains(SECRET)) {
                failures.add(path + " -> the canary's bytes");
            }
        }
        assertEquals(List.of(), failures);
        // the symlink is there, and the canary readable: only the server's refusal kept it out
        assertTrue(Files.isSymbolicLink(link) && Files.readString(link).contains(SECRET));
        assertEquals(200, new RawHttp(base).get(hls + job + "/segment_00001.ts").status(), "a real segment is served");
        Files.delete(link);
    }

    @Test
    void noAnswerNamesTheServerAndEveryAnswerForbidsSniffing() throws IOException {
        String job = completedJob();
        List<String> paths = List.of(
                "/v1/stream/job/" + job,
                "/v1/stream/job/550e8400-e29b-41d4-a716-446655440000",
                "/v1/stream/hls/" + job + "/index.m3u8",
                "/v1/stream/hls/" + job + "/segment_00001.ts",
                "/v1/stream/hls/" + job + "/segment_09999.ts",
                "/no/such/page",
                "/v1/stream/nothing-here");
        for (String path : paths) {
            RawHttp.Answer answer = new RawHttp(base).get(path);
            assertNull(answer.header("Server"), path + ": " + answer.headers());
            assertNull(answer.header("X-Powered-By"), path + ": " + answer.headers());
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), path + ": " + answer.headers());
            assertFalse(answer.text().contains("Payara") || answer.text().contains("GlassFish") || answer.text().contains("Grizzly"),
                    path + ": " + answer.text());
            if (answer.status() >= 400) {
                assertTrue(answer.header("Content-Type").startsWith("application/json"), path + ": " + answer.headers());
            }
        }
        HttpResponse<String> refused = api().submit(TestAudio.textFile("banner.wav", "no audio"), Map.of());
        assertEquals(400, refused.statusCode());
        assertTrue(refused.headers().firstValue("Server").isEmpty(), refused.headers().toString());
        assertEquals("nosniff", refused.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    /** MicroProfile JWT verifies any bearer token it is sent; with nothing configured none verifies. */
    @Test
    void aBearerTokenSentWhileAuthenticationIsOffIsRefusedCleanly() throws IOException {
        HttpResponse<String> answer = new StreamApi(base).withBearer(new Jwts().token("someone", List.of()))
                .get("v1/stream/job/550e8400-e29b-41d4-a716-446655440000");
        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals("unauthorized", StreamApi.json(answer).getString("error"));
        assertTrue(answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    }

    @Test
    void errorBodiesNeverEchoTheInput() throws IOException {
        String script = "<script>alert(1)</script>";
        List<HttpResponse<String>> answers = new ArrayList<>();
        Path wav = TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2);
        for (String field : List.of("codec", "bitrate", "quality_profile", "priority", "track_id")) {
            answers.add(api().submit(wav, StreamApi.fields(field, script)));
        }
        answers.add(api().submit(TestAudio.textFile("x" + "<b>" + ".wav", script), Map.of()));
        String encoded = java.net.URLEncoder.encode(script, StandardCharsets.UTF_8).replace("+", "%20");
        answers.add(api().get("v1/stream/job/" + encoded));
        answers.add(api().get("v1/stream/hls/" + encoded + "/index.m3u8"));
        answers.add(api().get("v1/stream/hls/" + completedJob() + "/" + encoded));
        answers.add(api().get("v1/stream/" + encoded));
        answers.add(api().get("v1/stream/webhooks/" + encoded + "/deliveries"));
        answers.add(api().send(HttpRequest.newBuilder(api().uri("v1/stream/webhooks")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"https://example.com/" + script + "\", \"events\": [\"" + script + "\"]}"))));
        answers.add(api().send(HttpRequest.newBuilder(api().uri("v1/stream/transcode"))
                .header("Content-Type", "multipart/form-data; boundary=" + encoded)
                .POST(HttpRequest.BodyPublishers.ofString(script))));
        for (HttpResponse<String> answer : answers) {
            assertTrue(answer.statusCode() >= 400, answer.uri() + ": " + answer.statusCode());
            assertFalse(answer.body().contains("<script") || answer.body().contains("alert(1)") || answer.body().contains("<b>"),
                    answer.uri() + ": " + answer.body());
        }
        assertNoUploadLeft();
    }
}

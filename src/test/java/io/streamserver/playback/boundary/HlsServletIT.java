package io.streamserver.playback.boundary;

import io.streamserver.DataFolder;
import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HLS servlet: manifest states, and segments served as immutable files with Range, HEAD, ETag and CORS. */
@ExtendWith(ArquillianExtension.class)
class HlsServletIT {

    private static String completedJob;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    private StreamApi api() {
        return new StreamApi(base);
    }

    /** One completed job shared by the tests that only read it; made by whichever test needs it first. */
    private synchronized String completedJob() throws IOException {
        if (completedJob == null) {
            String jobId = api().submitted(TestAudio.sineWav("sine-8s.wav", 8, 44_100, 2));
            assertEquals("Completed", api().awaitFinal(jobId).getString("status"));
            completedJob = jobId;
        }
        return completedJob;
    }

    private String segmentPath() throws IOException {
        return "v1/stream/hls/" + completedJob() + "/segment_00001.ts";
    }

    private HttpResponse<byte[]> fetch(HttpRequest.Builder request) throws IOException {
        return api().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void manifestOfUnknownJobIsNotFound() throws IOException {
        HttpResponse<String> response = api().get("v1/stream/hls/550e8400-e29b-41d4-a716-446655440000/index.m3u8");
        assertEquals(404, response.statusCode());
        assertEquals("not_found", StreamApi.json(response).getString("error"));
    }

    @Test
    void manifestOfMalformedJobIdIsNotFound() throws IOException {
        assertEquals(404, api().get("v1/stream/hls/123/index.m3u8").statusCode());
    }

    @Test
    void manifestOfUnfinishedJobIsBadRequest() throws IOException {
        // 20 minutes of audio: far longer to encode than this check takes
        String jobId = api().submitted(TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1));
        try {
            HttpResponse<String> response = api().get("v1/stream/hls/" + jobId + "/index.m3u8");
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("bad_request", StreamApi.json(response).getString("error"));
        } finally {
            api().cancel(jobId);
        }
    }

    @Test
    void unknownSegmentIsNotFound() throws IOException {
        assertEquals(404, api().get("v1/stream/hls/" + completedJob() + "/segment_09999.ts").statusCode());
        assertEquals(404, api().get("v1/stream/hls/" + completedJob() + "/ffmpeg.log").statusCode());
    }

    @Test
    void rangeRequestGetsPartialContent() throws IOException {
        byte[] whole = fetch(HttpRequest.newBuilder(api().uri(segmentPath()))).body();
        HttpResponse<byte[]> part = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Range", "bytes=100-299"));
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-299/" + whole.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(whole, 100, 300), part.body());

        HttpResponse<byte[]> tail = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Range", "bytes=-188"));
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 188, whole.length), tail.body());
    }

    @Test
    void rangeBeyondTheEndIsNotSatisfiable() throws IOException {
        HttpResponse<byte[]> response = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Range", "bytes=999999999-"));
        assertEquals(416, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Range").orElse("").startsWith("bytes */"));
    }

    @Test
    void headAnswersHeadersWithoutBody() throws IOException {
        byte[] whole = fetch(HttpRequest.newBuilder(api().uri(segmentPath()))).body();
        HttpResponse<byte[]> head = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(whole.length), head.headers().firstValue("Content-Length").orElse(""));
        assertEquals(0, head.body().length);
    }

    @Test
    void segmentsAreCacheableAndRevalidatedByETag() throws IOException {
        HttpResponse<byte[]> first = fetch(HttpRequest.newBuilder(api().uri(segmentPath())));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertTrue(first.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
        assertEquals("bytes", first.headers().firstValue("Accept-Ranges").orElse(""));
        HttpResponse<byte[]> again = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("If-None-Match", etag));
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
    }

    @Test
    void aFinishedJobsPlaylistAndSegmentsAreImmutableForCaches() throws IOException {
        HttpResponse<byte[]> playlist = fetch(HttpRequest.newBuilder(api().uri("v1/stream/hls/" + completedJob() + "/index.m3u8")));
        HttpResponse<byte[]> segment = fetch(HttpRequest.newBuilder(api().uri(segmentPath())));
        for (HttpResponse<byte[]> response : java.util.List.of(playlist, segment)) {
            assertEquals(200, response.statusCode());
            assertEquals("public, max-age=31536000, immutable", response.headers().firstValue("Cache-Control").orElse(""),
                    response.uri().toString());
        }
    }

    @Test
    void playlistsAreGzippedForAClientThatTakesItAndSegmentsAreNot() throws IOException {
        String manifest = "v1/stream/hls/" + completedJob() + "/index.m3u8";
        HttpResponse<byte[]> plain = fetch(HttpRequest.newBuilder(api().uri(manifest)));
        assertEquals(200, plain.statusCode());
        assertFalse(plain.headers().firstValue("Content-Encoding").isPresent(), "no gzip unasked: " + plain.headers());
        assertTrue(plain.headers().firstValue("Vary").orElse("").contains("Accept-Encoding"), plain.headers().toString());

        HttpResponse<byte[]> zipped = fetch(HttpRequest.newBuilder(api().uri(manifest)).header("Accept-Encoding", "gzip, deflate, br"));
        assertEquals(200, zipped.statusCode());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""), zipped.headers().toString());
        assertTrue(zipped.headers().firstValue("Vary").orElse("").contains("Accept-Encoding"), zipped.headers().toString());
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
            assertArrayEquals(plain.body(), in.readAllBytes(), "the gzipped playlist decodes to the same text");
        }
        assertTrue(zipped.body().length < plain.body().length);

        byte[] segment = fetch(HttpRequest.newBuilder(api().uri(segmentPath()))).body();
        HttpResponse<byte[]> asked = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Accept-Encoding", "gzip"));
        assertFalse(asked.headers().firstValue("Content-Encoding").isPresent(), "segments stay as they are: " + asked.headers());
        assertArrayEquals(segment, asked.body());
    }

    @Test
    void aSegmentRewrittenOnDiskIsServedAnewNotFromMemory() throws IOException {
        String path = "v1/stream/hls/" + completedJob() + "/segment_00002.ts";
        byte[] before = fetch(HttpRequest.newBuilder(api().uri(path))).body();
        assertEquals(before.length, fetch(HttpRequest.newBuilder(api().uri(path))).body().length, "served twice: now in memory");

        // same size, other bytes, a later modification time: only the time tells the server it changed
        Path file = DataFolder.root().resolve("jobs").resolve(completedJob()).resolve("segment_00002.ts");
        byte[] after = before.clone();
        for (int i = 0; i < after.length; i++) {
            after[i] = (byte) ~after[i];
        }
        FileTime modified = Files.getLastModifiedTime(file);
        Files.write(file, after);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified.toMillis() + 2_000));

        HttpResponse<byte[]> again = fetch(HttpRequest.newBuilder(api().uri(path)));
        assertEquals(200, again.statusCode());
        assertArrayEquals(after, again.body());
        HttpResponse<byte[]> part = fetch(HttpRequest.newBuilder(api().uri(path)).header("Range", "bytes=10-19"));
        assertArrayEquals(Arrays.copyOfRange(after, 10, 20), part.body());
    }

    @Test
    void preflightFromAllowedOriginIsAnswered() throws IOException {
        HttpResponse<byte[]> response = fetch(HttpRequest.newBuilder(api().uri("v1/stream/transcode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5176")
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(204, response.statusCode());
        assertEquals("http://localhost:5176", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(response.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
    }

    @Test
    void segmentFetchedFromAllowedOriginCarriesCorsHeader() throws IOException {
        HttpResponse<byte[]> response = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Origin", "http://localhost:3000"));
        assertEquals("http://localhost:3000", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void otherOriginGetsNoCorsHeader() throws IOException {
        HttpResponse<byte[]> response = fetch(HttpRequest.newBuilder(api().uri("v1/stream/transcode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertFalse(response.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        HttpResponse<String> job = api().send(HttpRequest.newBuilder(api().uri("v1/stream/job/550e8400-e29b-41d4-a716-446655440000"))
                .header("Origin", "http://evil.example"));
        assertFalse(job.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    @Test
    void ffmpegPlaysTheProgressivePlaylistWhileTheJobRuns() throws IOException, InterruptedException {
        // 20 minutes of audio: the job runs long enough for a player to start before it ends
        String jobId = api().submitted(TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1));
        awaitFirstSegment(jobId);
        String manifest = "v1/stream/hls/" + jobId + "/index.m3u8";
        HttpResponse<String> plain = api().get(manifest);
        HttpResponse<String> growing = api().get(manifest + "?progressive=true");
        assertEquals("Processing", api().job(jobId).getString("status"), "the job ended before the check; it needs a longer source");

        assertEquals(400, plain.statusCode(), plain.body());
        assertEquals(200, growing.statusCode(), growing.body());
        assertEquals("application/vnd.apple.mpegurl", growing.headers().firstValue("Content-Type").orElse(""));
        assertTrue(growing.body().contains("#EXT-X-PLAYLIST-TYPE:EVENT\n"), growing.body());
        assertTrue(growing.body().contains("\nsegment_00001.ts\n"), growing.body());
        assertFalse(growing.body().contains("#EXT-X-ENDLIST"), growing.body());
        assertEquals("no-cache", growing.headers().firstValue("Cache-Control").orElse(""),
                "a growing playlist must not be kept by a cache");

        Path decoded = TestAudio.folder().resolve("progressive-" + jobId + ".wav");
        Path log = TestAudio.folder().resolve("progressive-" + jobId + ".log");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-live_start_index", "0",
                "-i", api().uri(manifest + "?progressive=true").toString(), "-c:a", "pcm_s16le", "-f", "wav", decoded.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
        try {
            // ffmpeg creates its output once it has read the playlist and the first segment
            Instant deadline = Instant.now().plusSeconds(60);
            while (!Files.exists(decoded)) {
                assertTrue(ffmpeg.isAlive(), () -> "ffmpeg ended early: " + read(log));
                assertTrue(Instant.now().isBefore(deadline), "ffmpeg did not start playing within 60 s");
                Thread.sleep(20);
            }
            assertEquals("Processing", api().job(jobId).getString("status"),
                    "ffmpeg started while the job ran, so it read the growing playlist");
            assertTrue(ffmpeg.waitFor(5, TimeUnit.MINUTES), "ffmpeg still reads 5 minutes later");
            assertEquals(0, ffmpeg.exitValue(), () -> read(log));
        } finally {
            ffmpeg.destroyForcibly();
        }

        assertEquals("Completed", api().awaitFinal(jobId).getString("status"));
        double played = TestAudio.durationSeconds(decoded.toString());
        double whole = TestAudio.durationSeconds(TestAudio.decodeToWav(api().uri(manifest).toString(),
                "complete-" + jobId + ".wav").toString());
        assertEquals(whole, played, 0.001, "ffmpeg reloaded the playlist until ENDLIST and played it all");
        // one AAC frame at 8 kHz is 0.128 s of encoder padding
        assertEquals(1200.0, played, 0.2);
    }

    /** Waits for the job's first committed segment; a job that ends first fails the test. */
    private void awaitFirstSegment(String jobId) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            JsonObject job = api().job(jobId);
            assertTrue(Set.of("Pending", "Processing").contains(job.getString("status")), job.toString());
            if (job.getJsonNumber("progress").doubleValue() > 0) {
                return;
            }
            assertTrue(Instant.now().isBefore(deadline), "no segment within 3 minutes: " + job);
            StreamApi.pause(Duration.ofMillis(20));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

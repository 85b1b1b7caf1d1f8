package io.streamserver.intake.boundary;

import io.streamserver.DataFolder;
import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The seed's workflow over HTTP: submit, poll, fetch the manifest and every segment, and play it with ffmpeg. The poll
 * carries a strong ETag over the job's JSON: a poller revalidates, and a change shows as a new tag.
 */
@ExtendWith(ArquillianExtension.class)
class TranscodeIT {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    @Test
    void submitPollFetchManifestAndEverySegment() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-20s.wav", 20, 44_100, 2);

        HttpResponse<String> submitted = api.submit(wav, StreamApi.fields("quality_profile", "high", "priority", "normal"));
        assertEquals(200, submitted.statusCode(), submitted.body());
        JsonObject answer = StreamApi.json(submitted);
        assertTrue(UUID.matcher(answer.getString("job_id")).matches(), answer.toString());
        assertEquals("queued", answer.getString("status"));
        assertEquals("Job submitted successfully", answer.getString("message"));

        String jobId = answer.getString("job_id");
        List<Double> progress = new ArrayList<>();
        JsonObject job = api.awaitFinal(jobId, Duration.ofMinutes(2), progress);
        assertEquals("Completed", job.getString("status"), job.toString());
        assertEquals(jobId, job.getString("id"));
        assertEquals("sine-20s", job.getString("track_id"));
        assertEquals("normal", job.getString("priority"));
        assertEquals(100.0, job.getJsonNumber("progress").doubleValue());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress went down: " + progress);
        }
        Instant created = Instant.parse(job.getString("created_at"));
        Instant started = Instant.parse(job.getString("started_at"));
        Instant completed = Instant.parse(job.getString("completed_at"));
        assertTrue(job.getString("completed_at").endsWith("Z"), "timestamps are UTC");
        assertFalse(started.isBefore(created));
        assertFalse(completed.isBefore(started));
        assertTrue(job.isNull("error"));

        HttpResponse<String> manifest = api.get("v1/stream/hls/" + jobId + "/index.m3u8");
        assertEquals(200, manifest.statusCode());
        assertEquals("application/vnd.apple.mpegurl", manifest.headers().firstValue("Content-Type").orElse(""));
        String playlist = manifest.body();
        assertTrue(playlist.startsWith("#EXTM3U\n"), playlist);
        assertTrue(playlist.strip().endsWith("#EXT-X-ENDLIST"), playlist);

        Matcher segments = Pattern.compile("(?m)^#EXTINF:([0-9.]+),\\n(segment_\\d{5}\\.ts)$").matcher(playlist);
        double listed = 0;
        int count = 0;
        while (segments.find()) {
            count++;
            listed += Double.parseDouble(segments.group(1));
            assertEquals(String.format("segment_%05d.ts", count), segments.group(2));
            HttpResponse<byte[]> segment = api.send(HttpRequest.newBuilder(api.uri("v1/stream/hls/" + jobId + "/" + segments.group(2))),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, segment.statusCode());
            assertEquals("video/mp2t", segment.headers().firstValue("Content-Type").orElse(""));
            assertEquals(0x47, segment.body()[0] & 0xff, "an MPEG-TS packet starts with the sync byte");
            assertEquals(String.valueOf(segment.body().length), segment.headers().firstValue("Content-Length").orElse(""));
        }
        assertEquals(4, count, "20 s in segments of about 6 s: " + playlist);
        assertEquals(20.0, listed, 0.1, playlist);
    }

    @Test
    void hlsDecodedByFfmpegOverHttpLastsAsLongAsTheSource() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-31s-mono-48k.wav", 31.5, 48_000, 1);
        String jobId = api.submitted(wav);
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));

        Path decoded = TestAudio.decodeToWav(api.uri("v1/stream/hls/" + jobId + "/index.m3u8").toString(), jobId + ".wav");
        double source = TestAudio.durationSeconds(wav.toString());
        double played = TestAudio.durationSeconds(decoded.toString());
        assertEquals(source, played, 0.050, "decoded " + played + " s of a " + source + " s source");
    }

    /** curl -F file=@x -F codec=... sends the file first: the fields after it still count. */
    @Test
    void fieldsAfterTheFileAreRead() throws IOException {
        StreamApi api = new StreamApi(base);
        HttpResponse<String> submitted = api.submitFileFirst(TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2),
                StreamApi.fields("codec", "opus", "priority", "urgent", "track_id", "after-the-file"));
        assertEquals(200, submitted.statusCode(), submitted.body());
        JsonObject job = api.awaitFinal(StreamApi.json(submitted).getString("job_id"));
        assertEquals("Completed", job.getString("status"), job.toString());
        assertEquals("after-the-file", job.getString("track_id"));
        assertEquals("urgent", job.getString("priority"));
    }

    @Test
    void sourceUploadIsDeletedOnceTheJobCompletes() throws IOException {
        StreamApi api = new StreamApi(base);
        List<Path> before = DataFolder.uploads();
        String jobId = api.submitted(TestAudio.sineWav("sine-3s.wav", 3, 44_100, 2));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        assertEquals(before, DataFolder.uploads());
    }

    @Test
    void aFinishedJobAnswersItsOwnETagWith304() throws IOException {
        StreamApi api = new StreamApi(base);
        String jobId = api.submitted(TestAudio.sineWav("status-3s.wav", 3, 44_100, 2));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));

        HttpResponse<String> first = api.get("v1/stream/job/" + jobId);
        assertEquals(200, first.statusCode(), first.body());
        String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + first.headers()));
        assertTrue(etag.startsWith("\""), "a strong tag: " + etag);

        HttpResponse<String> again = api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId)).header("If-None-Match", etag));
        assertEquals(304, again.statusCode(), again.body());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("ETag").orElse(""));

        HttpResponse<String> other = api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId)).header("If-None-Match", "\"other\""));
        assertEquals(200, other.statusCode());
        assertEquals(first.body(), other.body(), "the same JSON for another tag");
        assertEquals(etag, other.headers().firstValue("ETag").orElse(""));
    }

    @Test
    void aRunningJobsETagChangesWithItsProgress() throws IOException {
        StreamApi api = new StreamApi(base);
        // 20 minutes of audio: progress moves many times before the job ends
        String jobId = api.submitted(TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1));
        try {
            HttpResponse<String> first = awaitProgress(api, jobId, -1);
            double progress = StreamApi.json(first).getJsonNumber("progress").doubleValue();
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> later = awaitProgress(api, jobId, progress);
            assertNotEquals(etag, later.headers().firstValue("ETag").orElseThrow(), "new progress, new tag");

            HttpResponse<String> revalidated = api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId))
                    .header("If-None-Match", etag));
            assertEquals(200, revalidated.statusCode(), "the old tag no longer matches");
            assertNotEquals(progress, StreamApi.json(revalidated).getJsonNumber("progress").doubleValue());
        } finally {
            api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId)).DELETE());
        }
    }

    /** Polls until the job is Processing with a progress above zero and other than {@code seen}. */
    private static HttpResponse<String> awaitProgress(StreamApi api, String jobId, double seen) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            HttpResponse<String> status = api.get("v1/stream/job/" + jobId);
            assertEquals(200, status.statusCode(), status.body());
            String state = StreamApi.json(status).getString("status");
            double progress = StreamApi.json(status).getJsonNumber("progress").doubleValue();
            if (!state.equals("Pending") && !state.equals("Processing")) {
                fail("the job ended before its progress was seen to move; it needs a longer source: " + status.body());
            }
            if (state.equals("Processing") && progress > 0 && progress != seen) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no progress other than " + seen + " within 2 minutes: " + status.body());
            }
            StreamApi.pause(Duration.ofMillis(100));
        }
    }
}

package io.streamserver.jobs.boundary;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scheduling by priority on one worker, cancel and retry, over HTTP. */
@ExtendWith(ArquillianExtension.class)
class JobLifecycleIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.serverWith(Map.of("stream.workers", "1"));
    }

    private StreamApi api() {
        return new StreamApi(base);
    }

    /** Long enough to keep the only worker busy while a test arranges the queue (about 15 s of encoding). */
    private static Path longSource() throws IOException {
        return TestAudio.sineWav("sine-40min-8k.wav", 2400, 8_000, 1);
    }

    private static Path shortSource() throws IOException {
        return TestAudio.sineWav("sine-2s.wav", 2, 44_100, 2);
    }

    private JsonObject awaitJob(String jobId, Predicate<JsonObject> condition, String what) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonObject job = api().job(jobId);
            if (condition.test(job)) {
                return job;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + jobId + " never " + what + ": " + job);
            }
            StreamApi.pause(Duration.ofMillis(100));
        }
    }

    private JsonObject awaitSegments(String jobId) throws IOException {
        return awaitJob(jobId, j -> j.getJsonNumber("progress").doubleValue() > 0, "committed a segment");
    }

    private HttpResponse<String> cancel(String jobId) throws IOException {
        return api().send(HttpRequest.newBuilder(api().uri("v1/stream/job/" + jobId)).DELETE());
    }

    private HttpResponse<String> retry(String jobId) throws IOException {
        return api().send(HttpRequest.newBuilder(api().uri("v1/stream/job/" + jobId + "/retry"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** ffmpeg processes working for the job, found by the job folder in their command line. */
    private static List<ProcessHandle> ffmpegOf(String jobId) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().orElse("").endsWith("ffmpeg"))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(jobId)).orElse(false))
                .toList();
    }

    private static Path jobFolder(String jobId) {
        return Path.of(System.getenv("STREAM_DATA_DIR"), "jobs", jobId);
    }

    private static Instant startedAt(JsonObject job) {
        return Instant.parse(job.getString("started_at"));
    }

    @Test
    void urgentJobStartsBeforeEarlierBackgroundJobs() throws IOException {
        String blocker = api().submitted(longSource());
        awaitJob(blocker, j -> j.getString("status").equals("Processing"), "started");
        String background1 = api().submitted(shortSource(), StreamApi.fields("priority", "background"));
        String background2 = api().submitted(shortSource(), StreamApi.fields("priority", "background"));
        String normal = api().submitted(shortSource(), StreamApi.fields("priority", "normal"));
        String urgent = api().submitted(shortSource(), StreamApi.fields("priority", "urgent"));
        for (String queued : List.of(background1, background2, normal, urgent)) {
            assertEquals("Pending", api().job(queued).getString("status"), "the only worker is busy");
        }

        assertEquals(200, cancel(blocker).statusCode());

        JsonObject first = api().awaitFinal(urgent);
        JsonObject second = api().awaitFinal(normal);
        JsonObject third = api().awaitFinal(background1);
        JsonObject fourth = api().awaitFinal(background2);
        for (JsonObject job : List.of(first, second, third, fourth)) {
            assertEquals("Completed", job.getString("status"), job.toString());
        }
        assertTrue(startedAt(first).isBefore(startedAt(second)), "urgent before normal");
        assertTrue(startedAt(second).isBefore(startedAt(third)), "normal before background");
        assertTrue(startedAt(third).isBefore(startedAt(fourth)), "the older background job first");
    }

    @Test
    void cancelDuringProcessingKillsFfmpegAndRemovesTheFiles() throws IOException {
        String jobId = api().submitted(longSource());
        awaitSegments(jobId);
        assertFalse(ffmpegOf(jobId).isEmpty(), "ffmpeg is encoding the job");
        assertTrue(Files.isDirectory(jobFolder(jobId)));

        HttpResponse<String> cancelled = cancel(jobId);

        assertEquals(200, cancelled.statusCode(), cancelled.body());
        JsonObject job = StreamApi.json(cancelled);
        assertEquals("Cancelled", job.getString("status"));
        assertEquals(List.of(), ffmpegOf(jobId), "ffmpeg is gone when the cancel answers");
        awaitJob(jobId, j -> !Files.exists(jobFolder(jobId)), "had its files removed");
        assertEquals(404, api().get("v1/stream/hls/" + jobId + "/index.m3u8").statusCode());

        HttpResponse<String> again = cancel(jobId);
        assertEquals(200, again.statusCode());
        assertEquals(job.getString("completed_at"), StreamApi.json(again).getString("completed_at"), "nothing changed");
    }

    @Test
    void cancelOfUnknownJobIsNotFound() throws IOException {
        assertEquals(404, cancel("550e8400-e29b-41d4-a716-446655440000").statusCode());
        assertEquals(404, retry("550e8400-e29b-41d4-a716-446655440000").statusCode());
    }

    @Test
    void completedJobCanBeNeitherCancelledNorRetried() throws IOException {
        String jobId = api().submitted(shortSource());
        assertEquals("Completed", api().awaitFinal(jobId).getString("status"));

        HttpResponse<String> cancelled = cancel(jobId);
        assertEquals(409, cancelled.statusCode());
        assertEquals("conflict", StreamApi.json(cancelled).getString("error"));
        assertEquals(409, retry(jobId).statusCode());
        assertEquals("Completed", api().job(jobId).getString("status"));
    }

    @Test
    void cancelledJobRetriedCompletesAndPlays() throws IOException {
        String blocker = api().submitted(longSource());
        awaitJob(blocker, j -> j.getString("status").equals("Processing"), "started");
        Path source = TestAudio.sineWav("sine-9s.wav", 9, 44_100, 2);
        String jobId = api().submitted(source);
        assertEquals("Cancelled", StreamApi.json(cancel(jobId)).getString("status"));

        HttpResponse<String> retried = retry(jobId);
        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals("Pending", StreamApi.json(retried).getString("status"));
        cancel(blocker);

        assertEquals("Completed", api().awaitFinal(jobId).getString("status"));
        Path decoded = TestAudio.decodeToWav(api().uri("v1/stream/hls/" + jobId + "/index.m3u8").toString(), jobId + ".wav");
        assertEquals(TestAudio.durationSeconds(source.toString()), TestAudio.durationSeconds(decoded.toString()), 0.05);
    }

    /** Each rendition is a batch partition: a retry after a cancel encodes every one again, not only the unfinished. */
    @Test
    void aLadderCancelledWhileEncodingRetriedCompletesEveryRendition() throws IOException {
        Path source = TestAudio.sineWav("sine-10min-8k.wav", 600, 8_000, 1);
        String jobId = api().submitted(source, StreamApi.fields("renditions", "low,medium"));
        awaitSegments(jobId);
        assertEquals("Cancelled", StreamApi.json(cancel(jobId)).getString("status"));

        assertEquals(200, retry(jobId).statusCode());
        JsonObject done = api().awaitFinal(jobId);

        assertEquals("Completed", done.getString("status"), done.toString());
        String master = api().get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        for (String rendition : List.of("low", "medium")) {
            assertTrue(master.contains(rendition + ".m3u8"), master);
            Path decoded = TestAudio.decodeToWav(api().uri("v1/stream/hls/" + jobId + "/" + rendition + ".m3u8").toString(),
                    jobId + "-" + rendition + ".wav");
            // AAC's last frame rounds the decoded end up by a fraction of a second
            assertEquals(TestAudio.durationSeconds(source.toString()), TestAudio.durationSeconds(decoded.toString()), 0.5,
                    rendition + " plays the whole source");
        }
    }

    @Test
    void failedJobRetriedResumesFromItsLastCheckpoint() throws IOException {
        Path source = TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1);
        String reference = api().submitted(source);
        assertEquals("Completed", api().awaitFinal(reference).getString("status"));

        String jobId = api().submitted(source);
        awaitSegments(jobId);
        ffmpegOf(jobId).forEach(ProcessHandle::destroyForcibly);
        JsonObject failed = api().awaitFinal(jobId);
        assertEquals("Failed", failed.getString("status"), failed.toString());
        assertFalse(failed.isNull("error"));
        String firstSegment = "v1/stream/hls/" + jobId + "/segment_00001.ts";
        String writtenBeforeFailure = api().send(HttpRequest.newBuilder(api().uri(firstSegment)).method("HEAD",
                HttpRequest.BodyPublishers.noBody())).headers().firstValue("ETag").orElseThrow();

        assertEquals(200, retry(jobId).statusCode());
        JsonObject done = api().awaitFinal(jobId);

        assertEquals("Completed", done.getString("status"), done.toString());
        assertEquals(writtenBeforeFailure, api().send(HttpRequest.newBuilder(api().uri(firstSegment)).method("HEAD",
                HttpRequest.BodyPublishers.noBody())).headers().firstValue("ETag").orElseThrow(),
                "segments committed before the failure are kept, not encoded again");
        assertEquals(api().get("v1/stream/hls/" + reference + "/index.m3u8").body(),
                api().get("v1/stream/hls/" + jobId + "/index.m3u8").body(), "the same segments as an uninterrupted run");
    }

    /**
     * 30 jobs cancelled at random moments, from queued to encoding to finishing, two clients at once: a cancel races
     * with the job's own writers (its segments, its batch listener confirming the stop) and must never answer 5xx.
     */
    @Test
    void cancelsAtRandomMomentsNeverFailTheCaller() throws Exception {
        Path source = TestAudio.sineWav("sine-3min-8k.wav", 180, 8_000, 1);
        Random random = new Random(20261204L);
        List<Long> delays = random.longs(30, 0, 1_500).boxed().toList();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> cancelled = delays.stream().map(delay -> clients.submit(() -> {
                String jobId = api().submitted(source);
                StreamApi.pause(Duration.ofMillis(delay));
                HttpResponse<String> answer = cancel(jobId);
                assertTrue(answer.statusCode() == 200 || answer.statusCode() == 409,
                        "cancel of " + jobId + " after " + delay + " ms: " + answer.statusCode() + " " + answer.body());
                return jobId + " " + answer.statusCode();
            })).toList();
            for (Future<String> each : cancelled) {
                String[] outcome = each.get(5, TimeUnit.MINUTES).split(" ");
                JsonObject job = api().awaitFinal(outcome[0]);
                assertEquals(outcome[1].equals("200") ? "Cancelled" : "Completed", job.getString("status"), job.toString());
                assertEquals(List.of(), ffmpegOf(outcome[0]), "no ffmpeg left for " + outcome[0]);
            }
        } finally {
            clients.shutdownNow();
        }
    }
}

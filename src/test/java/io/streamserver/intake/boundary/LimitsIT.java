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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STREAM_MAX_DURATION and STREAM_RETENTION, on a server configured with limits small enough to reach in a test. */
@ExtendWith(ArquillianExtension.class)
class LimitsIT {

    @ArquillianResource
    URL base;

    /** The maximum in seconds and the retention in ISO-8601, so that both spellings are read. */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.serverWith(Map.of(
                "stream.max-duration", "25",
                "stream.retention", "PT2S",
                "stream.retention-check-period", "PT1S",
                "stream.job-row-retention", "PT12S"));
    }

    private StreamApi api() {
        return new StreamApi(base);
    }

    @Test
    void aSourceLongerThanTheMaximumIsRefusedAndNotKept() throws IOException {
        List<Path> before = DataFolder.uploads();

        HttpResponse<String> response = api().submit(TestAudio.sineWav("sine-30s-8k.wav", 30, 8_000, 1), Map.of());

        assertEquals(400, response.statusCode(), response.body());
        JsonObject error = StreamApi.json(response);
        assertEquals("bad_request", error.getString("error"));
        assertTrue(error.getString("message").startsWith("file: "), error.toString());
        assertTrue(error.getString("message").contains("STREAM_MAX_DURATION"), error.toString());
        assertEquals(before, DataFolder.uploads());
    }

    @Test
    void aCompletedJobsOutputIsDeletedAfterTheRetentionAndTheJobSaysSo() throws IOException {
        String jobId = api().submitted(TestAudio.sineWav("sine-3s.wav", 3, 44_100, 2));
        JsonObject completed = api().awaitFinal(jobId);
        assertEquals("Completed", completed.getString("status"), completed.toString());
        assertTrue(completed.containsKey("output_expired"), completed.toString());

        JsonObject expired = awaitExpiry(jobId, Duration.ofMinutes(1));

        assertEquals("Completed", expired.getString("status"));
        assertTrue(expired.getString("message").contains("STREAM_RETENTION"), expired.toString());
        for (String file : List.of("index.m3u8", "segment_00001.ts")) {
            HttpResponse<String> gone = api().get("v1/stream/hls/" + jobId + "/" + file);
            assertEquals(410, gone.statusCode(), file + ": " + gone.body());
            assertEquals("gone", StreamApi.json(gone).getString("error"), gone.body());
            assertTrue(StreamApi.json(gone).getString("message").contains("retention"), gone.body());
        }
        assertEquals(410, api().get("v1/stream/hls/" + jobId + "/index.m3u8?progressive=true").statusCode());
        assertFalse(Files.exists(jobFolder(jobId).resolve("segment_00001.ts")), "the segments are deleted");
        assertEquals(expired, StreamApi.json(api().get("v1/stream/jobs?limit=100")).getJsonArray("jobs")
                .getValuesAs(JsonObject.class).stream().filter(j -> j.getString("id").equals(jobId)).findFirst().orElseThrow());
    }

    /**
     * A failed job keeps its upload for a retry until the retention is over; then the upload goes and a retry is
     * refused, and after STREAM_JOB_ROW_RETENTION the job itself is gone.
     */
    @Test
    void aFailedJobsUploadThenItsRowAreDeletedAfterTheirRetention() throws IOException {
        List<Path> before = DataFolder.uploads();
        String jobId = api().submitted(TestAudio.noisyFrom("limits-breaks-later.mp3", 20, "libmp3lame", 0.6));
        List<Path> upload = DataFolder.uploads().stream().filter(p -> !before.contains(p)).toList();
        assertEquals(1, upload.size(), "the job's upload is kept while it runs: " + upload);
        assertEquals("Failed", api().awaitFinal(jobId).getString("status"));

        awaitGone(upload.get(0), Duration.ofMinutes(1));
        HttpResponse<String> retry = api().send(java.net.http.HttpRequest.newBuilder(api().uri("v1/stream/job/" + jobId + "/retry"))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(409, retry.statusCode(), retry.body());
        assertTrue(StreamApi.json(retry).getString("message").contains("STREAM_RETENTION"), retry.body());
        assertFalse(Files.exists(jobFolder(jobId)), "its ffmpeg log and partial output go too");

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (api().get("v1/stream/job/" + jobId).statusCode() != 404) {
            assertTrue(Instant.now().isBefore(deadline), "the job's row outlived STREAM_JOB_ROW_RETENTION");
            StreamApi.pause(Duration.ofMillis(500));
        }
    }

    private static void awaitGone(Path file, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Files.exists(file)) {
            assertTrue(Instant.now().isBefore(deadline), file + " outlived the retention period");
            StreamApi.pause(Duration.ofMillis(200));
        }
    }

    /** Polls until the job reports an expired output; a job still holding it at the deadline fails the test. */
    private JsonObject awaitExpiry(String jobId, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonObject job = api().job(jobId);
            if (job.getBoolean("output_expired")) {
                return job;
            }
            assertTrue(Instant.now().isBefore(deadline), "the output did not expire within " + timeout + ": " + job);
            StreamApi.pause(Duration.ofMillis(200));
        }
    }

    private static Path jobFolder(String jobId) {
        return Path.of(System.getenv("STREAM_DATA_DIR"), "jobs", jobId);
    }

}

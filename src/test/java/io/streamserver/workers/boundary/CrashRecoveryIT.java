package io.streamserver.workers.boundary;

import io.streamserver.ServerProcess;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 while one job is processing and others wait, then start again on the same data and instance id, which takes
 * its jobs back at once rather than after their leases: nothing is lost.
 */
class CrashRecoveryIT {

    private static Instant lastSegmentWritten(Path jobFolder) throws IOException {
        try (Stream<Path> files = Files.list(jobFolder)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment_"))
                    .map(p -> {
                        try {
                            return Files.getLastModifiedTime(p).toInstant().truncatedTo(ChronoUnit.MILLIS);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .max(Instant::compareTo).orElseThrow();
        }
    }

    @Test
    void jobsSurviveAServerKilledMidJob() throws Exception {
        Path dataDir = Files.createDirectories(Path.of(System.getProperty("stream.test-dir", "target/it"), "crash-" + UUID.randomUUID()));
        Path longSource = TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1);
        Path shortSource = TestAudio.sineWav("sine-9s.wav", 9, 44_100, 2);
        try (ServerProcess server = new ServerProcess(dataDir, Map.of("STREAM_WORKERS", "1", "STREAM_INSTANCE_ID", "crash-test"))) {
            StreamApi api = new StreamApi(server.start().url());
            String finishedBefore = api.submitted(shortSource);
            assertEquals("Completed", api.awaitFinal(finishedBefore).getString("status"));

            String interrupted = api.submitted(longSource);
            String queuedNormal = api.submitted(shortSource, StreamApi.fields("priority", "normal"));
            String queuedBackground = api.submitted(shortSource, StreamApi.fields("priority", "background"));
            double progressAtCrash = awaitProgress(api, interrupted);
            assertEquals("Pending", api.job(queuedNormal).getString("status"));

            server.kill();

            awaitNoFfmpegFor(interrupted);
            try (Stream<Path> files = Files.list(dataDir.resolve("jobs").resolve(interrupted))) {
                assertTrue(files.map(p -> p.getFileName().toString())
                        .allMatch(n -> n.matches("segment_\\d{5}\\.ts|ffmpeg\\.log|\\.encoder")), "only whole segments are published");
            }

            server.start();

            JsonObject resumed = api.awaitFinal(interrupted, Duration.ofMinutes(3), new java.util.ArrayList<>());
            assertEquals("Completed", resumed.getString("status"), resumed.toString());
            assertTrue(resumed.getJsonNumber("progress").doubleValue() >= progressAtCrash);
            JsonObject normal = api.awaitFinal(queuedNormal);
            JsonObject background = api.awaitFinal(queuedBackground);
            assertEquals("Completed", normal.getString("status"));
            assertEquals("Completed", background.getString("status"));
            // the one worker's slot goes to the next job when the resumed job's encoder has exited, after its last segment
            assertFalse(lastSegmentWritten(dataDir.resolve("jobs").resolve(interrupted)).isAfter(Instant.parse(normal.getString("started_at"))),
                    "the interrupted job resumes first, then the queue in its order");
            assertTrue(Instant.parse(normal.getString("started_at")).isBefore(Instant.parse(background.getString("started_at"))));

            String uninterrupted = api.submitted(longSource);
            assertEquals("Completed", api.awaitFinal(uninterrupted).getString("status"));
            assertEquals(api.get("v1/stream/hls/" + uninterrupted + "/index.m3u8").body(),
                    api.get("v1/stream/hls/" + interrupted + "/index.m3u8").body(), "the same segments as an uninterrupted run");
            Path decoded = TestAudio.decodeToWav(api.uri("v1/stream/hls/" + interrupted + "/index.m3u8").toString(), interrupted + ".wav");
            Path reference = TestAudio.decodeToWav(api.uri("v1/stream/hls/" + uninterrupted + "/index.m3u8").toString(), uninterrupted + ".wav");
            assertEquals(TestAudio.durationSeconds(reference.toString()), TestAudio.durationSeconds(decoded.toString()),
                    "the same decoded duration as an uninterrupted run");

            assertEquals(200, api.get("v1/stream/hls/" + finishedBefore + "/index.m3u8").statusCode(), "completed jobs still play");
            TestAudio.decodeToWav(api.uri("v1/stream/hls/" + finishedBefore + "/index.m3u8").toString(), finishedBefore + ".wav");
        }
    }

    private static double awaitProgress(StreamApi api, String jobId) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonObject job = api.job(jobId);
            double progress = job.getJsonNumber("progress").doubleValue();
            if (progress > 0) {
                assertEquals("Processing", job.getString("status"), "the job must still be running when the server dies");
                return progress;
            }
            StreamApi.pause(Duration.ofMillis(50));
        }
        throw new AssertionError("job " + jobId + " committed no segment");
    }

    /** ffmpeg gets its parent-death signal with the server's death. */
    private static void awaitNoFfmpegFor(String jobId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<ProcessHandle> left;
        do {
            left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(jobId)).orElse(false))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            StreamApi.pause(Duration.ofMillis(100));
        } while (Instant.now().isBefore(deadline));
        left.forEach(ProcessHandle::destroyForcibly);
        throw new AssertionError("ffmpeg outlived the server: " + left);
    }
}

package io.streamserver.transcoding.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wall-clock limit: an encode that outlives its deadline is killed, whatever it is doing. */
class FfmpegProcessTest {

    @TempDir
    Path folder;

    private FfmpegProcess hanging(Instant deadline) throws IOException {
        // stands for an ffmpeg stuck on a hostile input: alive, silent, never ending by itself
        Process process = new ProcessBuilder("sleep", "600").redirectErrorStream(true).start();
        return new FfmpegProcess("job-1", process, Files.createFile(folder.resolve("ffmpeg.log")), deadline,
                List.of(), p -> { });
    }

    @Test
    void aProcessPastItsDeadlineIsKilled() throws IOException {
        try (FfmpegProcess ffmpeg = hanging(Instant.now().minus(Duration.ofSeconds(1)))) {
            assertFalse(ffmpeg.isRunning(), "killed on the first poll past the deadline");
            assertTrue(ffmpeg.timedOut());
            assertTrue(ffmpeg.wasKilled());
            assertFalse(ffmpeg.succeeded());
            assertTrue(ffmpeg.failureReason().contains("time limit"), ffmpeg.failureReason());
        }
    }

    @Test
    void aProcessWithinItsDeadlineRuns() throws IOException {
        try (FfmpegProcess ffmpeg = hanging(Instant.now().plus(Duration.ofHours(1)))) {
            assertTrue(ffmpeg.isRunning());
            assertFalse(ffmpeg.timedOut());
        }
    }
}

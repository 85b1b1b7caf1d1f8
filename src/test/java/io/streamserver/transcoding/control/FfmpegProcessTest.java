package io.streamserver.transcoding.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** STREAM_JOB_TIMEOUT's enforcement, on a real process that would otherwise run for 30 s. */
class FfmpegProcessTest {

    @TempDir
    Path folder;

    private FfmpegProcess sleeping(Duration deadline, AtomicBoolean closed) throws IOException {
        Process process = new ProcessBuilder("sleep", "30").redirectError(folder.resolve("log").toFile()).start();
        Files.writeString(folder.resolve("log"), "");
        return new FfmpegProcess("550e8400-e29b-41d4-a716-446655440000", process, folder.resolve("log"), Instant.now().plus(deadline), List.of(),
                p -> closed.set(true));
    }

    @Test
    void aProcessPastItsDeadlineIsKilledAndReportedAsTimedOut() throws IOException, InterruptedException {
        AtomicBoolean closed = new AtomicBoolean();
        try (FfmpegProcess process = sleeping(Duration.ofMillis(300), closed)) {
            Instant giveUp = Instant.now().plusSeconds(20);
            while (process.isRunning()) {
                if (Instant.now().isAfter(giveUp)) {
                    fail("the process still runs long after its deadline");
                }
                Thread.sleep(50);
            }

            assertTrue(process.timedOut());
            assertFalse(process.succeeded());
            assertTrue(process.failureReason().contains("STREAM_JOB_TIMEOUT"), process.failureReason());
        }
        assertTrue(closed.get());
    }

    @Test
    void aProcessWithinItsDeadlineRunsOnUntilClosed() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        FfmpegProcess process = sleeping(Duration.ofHours(1), closed);

        assertTrue(process.isRunning());
        assertFalse(process.timedOut());

        process.close();
        assertFalse(process.isRunning());
        assertFalse(process.timedOut());
        assertFalse(process.succeeded());
        assertTrue(closed.get());
    }
}

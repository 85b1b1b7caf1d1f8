package io.streamserver.transcoding.control;

import io.streamserver.platform.control.ProcessLaunch;
import io.streamserver.platform.control.ProcessRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What a job learns from its ffmpeg: progress, and why it failed; on real processes that stand in for ffmpeg. */
class FfmpegProcessTest {

    private static final String JOB_ID = "550e8400-e29b-41d4-a716-446655440000";

    @TempDir
    Path folder;

    private final ProcessRunner runner = new ProcessRunner();

    @AfterEach
    void noProcessOutlivesATest() {
        runner.stopAll();
    }

    private FfmpegProcess started(String script, Duration deadline, List<Path> paths) throws IOException {
        return new FfmpegProcess(runner.start(ProcessLaunch.of(JOB_ID, List.of("sh", "-c", script), paths, deadline)
                .errorsTo(folder.resolve("log"))));
    }

    private static void awaitEnd(FfmpegProcess process) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(20);
        while (process.isRunning()) {
            if (Instant.now().isAfter(giveUp)) {
                fail("the process still runs long after its deadline");
            }
            process.awaitExit(50);
        }
    }

    @Test
    void aProcessPastItsDeadlineIsReportedAsExceedingStreamJobTimeout() throws IOException, InterruptedException {
        try (FfmpegProcess process = started("exec sleep 30", Duration.ofMillis(300), List.of())) {
            awaitEnd(process);

            assertTrue(process.timedOut());
            assertFalse(process.succeeded());
            assertTrue(process.failureReason().contains("STREAM_JOB_TIMEOUT"), process.failureReason());
        }
    }

    @Test
    void aFailureIsFfmpegsLastErrorLinesWithoutTheServersPaths() throws IOException, InterruptedException {
        Path source = folder.resolve("uploads").resolve("x.source").toAbsolutePath();
        try (FfmpegProcess process = started("echo \"" + source + ": Invalid data found when processing input\" >&2; exit 1",
                Duration.ofMinutes(1), List.of(source))) {
            awaitEnd(process);

            assertFalse(process.succeeded());
            assertFalse(process.wasKilled());
            assertEquals("x.source: Invalid data found when processing input", process.failureReason());
        }
    }

    @Test
    void aFailureWithoutErrorLinesIsItsExitStatus() throws IOException, InterruptedException {
        try (FfmpegProcess process = started("exit 3", Duration.ofMinutes(1), List.of())) {
            awaitEnd(process);

            assertEquals("ffmpeg exited with status 3", process.failureReason());
        }
    }

    @Test
    void theProgressIsReadFromFfmpegsProgressLines() throws IOException, InterruptedException {
        try (FfmpegProcess process = started("printf 'out_time_us=N/A\\nprogress=continue\\nout_time_us=1500000\\n'",
                Duration.ofMinutes(1), List.of())) {
            awaitEnd(process);
            process.isRunning();

            assertEquals(1.5, process.encodedSeconds());
            assertTrue(process.succeeded());
        }
    }
}

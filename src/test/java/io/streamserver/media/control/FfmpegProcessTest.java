package io.streamserver.media.control;

import io.streamserver.platform.control.ProcessLaunch;
import io.streamserver.platform.control.ProcessRunner;
import io.streamserver.platform.control.RunningProcess;
import io.streamserver.platform.control.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What a job learns from its ffmpeg: its waveform, and why it failed; on real processes that stand in for ffmpeg. */
class FfmpegProcessTest {

    private static final String JOB_ID = "550e8400-e29b-41d4-a716-446655440000";

    @TempDir
    Path folder;

    private final ProcessRunner runner = new ProcessRunner(Sandbox.unconfined());

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
    void theSamplesOnStandardOutputBecomeTheWaveformOnceFfmpegHasEnded() throws IOException, InterruptedException {
        // 256 samples at +100, then 256 at -100, as signed bytes (0x64 and 0x9c)
        RunningProcess running = runner.start(ProcessLaunch.of(JOB_ID, List.of("sh", "-c",
                "head -c 256 /dev/zero | tr '\\0' 'd'; head -c 256 /dev/zero | tr '\\0' '\\234'"), List.of(),
                Duration.ofMinutes(1)));
        Waveform waveform = new Waveform(44_100, 1);
        Thread reader = new Thread(() -> {
            try {
                running.readOutputToEnd(waveform::accept);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        reader.start();
        try (FfmpegProcess process = new FfmpegProcess(running, waveform, reader)) {
            awaitEnd(process);

            assertArrayEquals(new byte[]{100, 100, -100, -100}, process.waveform().orElseThrow().peaks());
        }
    }

    @Test
    void anEncodeWithoutAWaveformHasNone() throws IOException, InterruptedException {
        try (FfmpegProcess process = started("true", Duration.ofMinutes(1), List.of())) {
            awaitEnd(process);

            assertTrue(process.waveform().isEmpty());
        }
    }
}

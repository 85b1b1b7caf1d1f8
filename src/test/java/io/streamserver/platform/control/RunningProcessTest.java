package io.streamserver.platform.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The wall-clock limit's enforcement and what a process leaves to read, on real processes. */
class RunningProcessTest {

    private static final String JOB_ID = "550e8400-e29b-41d4-a716-446655440000";

    @TempDir
    Path folder;

    private RunningProcess started(List<String> command, Duration deadline, List<Path> paths, AtomicBoolean closed)
            throws IOException {
        Path log = folder.resolve("log");
        ProcessLaunch launch = ProcessLaunch.of(JOB_ID, command, paths, deadline).errorsTo(log);
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new RunningProcess(launch, process, p -> closed.set(true));
    }

    private RunningProcess sleeping(Duration deadline, AtomicBoolean closed) throws IOException {
        return started(List.of("sleep", "30"), deadline, List.of(), closed);
    }

    @Test
    void aProcessPastItsDeadlineIsKilledAndReportedAsTimedOut() throws IOException, InterruptedException {
        AtomicBoolean closed = new AtomicBoolean();
        try (RunningProcess process = sleeping(Duration.ofMillis(300), closed)) {
            Instant giveUp = Instant.now().plusSeconds(20);
            while (process.isRunning()) {
                if (Instant.now().isAfter(giveUp)) {
                    fail("the process still runs long after its deadline");
                }
                Thread.sleep(50);
            }

            assertTrue(process.timedOut());
            assertTrue(process.wasKilled());
            assertFalse(process.succeeded());
        }
        assertTrue(closed.get());
    }

    @Test
    void aProcessWithinItsDeadlineRunsOnUntilClosed() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        RunningProcess process = sleeping(Duration.ofHours(1), closed);

        assertTrue(process.isRunning());
        assertFalse(process.timedOut());

        process.close();
        assertFalse(process.isRunning());
        assertFalse(process.timedOut());
        assertFalse(process.succeeded());
        assertTrue(closed.get());
    }

    @Test
    void awaitReturnsOnceTheDeadlineHasKilledTheProcess() throws IOException, InterruptedException {
        try (RunningProcess process = sleeping(Duration.ofMillis(300), new AtomicBoolean())) {
            Instant start = Instant.now();
            process.await();

            assertTrue(process.timedOut());
            assertTrue(Duration.between(start, Instant.now()).toSeconds() < 20, "await outlived the deadline");
        }
    }

    @Test
    void theWholeOutputReachesTheSinkUntilTheProgramClosesIt() throws IOException {
        try (RunningProcess process = started(List.of("sh", "-c", "printf 'a=1\\nb=2\\npartial'"), Duration.ofMinutes(1),
                List.of(), new AtomicBoolean())) {
            java.io.ByteArrayOutputStream output = new java.io.ByteArrayOutputStream();
            process.readOutputToEnd((bytes, length) -> output.write(bytes, 0, length));

            assertEquals("a=1\nb=2\npartial", output.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void theLastErrorsShowTheLaunchsPathsByTheirNamesOnly() throws IOException, InterruptedException {
        Path secret = folder.resolve("uploads").resolve("x.source").toAbsolutePath();
        try (RunningProcess process = started(List.of("sh", "-c", "echo one >&2; echo >&2; echo \"cannot read " + secret
                + "\" >&2; exit 3"), Duration.ofMinutes(1), List.of(secret), new AtomicBoolean())) {
            process.await();

            assertEquals("cannot read x.source", process.lastErrors(1));
            assertEquals("one\ncannot read x.source", process.lastErrors(8));
            assertEquals(3, process.exitStatus().orElseThrow());
            assertFalse(process.succeeded());
            assertFalse(process.wasKilled());
        }
    }

    @Test
    void aProcessWithoutLogHasNoErrorsToShow() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("true").start();
        try (RunningProcess running = new RunningProcess(ProcessLaunch.of(JOB_ID, List.of("true"), List.of(),
                Duration.ofMinutes(1)), process, p -> { })) {
            running.await();

            assertEquals("", running.lastErrors(8));
            assertTrue(running.succeeded());
        }
    }
}

package io.streamserver.platform.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every process goes through one runner: its wrapper, its registry under a key, its short runs; on real processes. */
class ProcessRunnerTest {

    private static final String JOB = "550e8400-e29b-41d4-a716-446655440000";
    private static final String OTHER_JOB = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path folder;

    private final ProcessRunner runner = new ProcessRunner(Sandbox.unconfined());

    @AfterEach
    void noProcessOutlivesATest() {
        runner.stopAll();
    }

    private RunningProcess sleeping(String key) throws IOException {
        return runner.start(ProcessLaunch.of(key, List.of("sleep", "30"), List.of(), LONG));
    }

    /**
     * A short run of a stand-in that records its pid and sleeps; it runs on another thread, like an upload's probe
     * while the server shuts down.
     */
    private CompletableFuture<Optional<String>> sleepingShortRun(String key) {
        Path pid = folder.resolve(key + ".pid");
        ProcessLaunch launch = ProcessLaunch.of(key, List.of("sh", "-c", "echo $$ > '" + pid + "'; exec sleep 30"),
                List.of(), LONG);
        return CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(launch, folder.resolve(key + ".out"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, task -> new Thread(task, "short run " + key).start());
    }

    private long pidOf(String key) throws IOException, InterruptedException {
        Path pid = folder.resolve(key + ".pid");
        Instant giveUp = Instant.now().plusSeconds(20);
        while (!Files.exists(pid) || Files.readString(pid).isBlank()) {
            assertTrue(Instant.now().isBefore(giveUp), "the stand-in never started");
            Thread.sleep(20);
        }
        return Long.parseLong(Files.readString(pid).strip());
    }

    /** Kills until the short run returns: the pid file may appear just before the runner has registered it. */
    private Optional<String> killedWithin(CompletableFuture<Optional<String>> run, Runnable kill)
            throws InterruptedException, ExecutionException {
        Instant giveUp = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(giveUp)) {
            kill.run();
            try {
                return run.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // again
            }
        }
        throw new AssertionError("the short run still runs 10 s after it was killed");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void killReachesEveryProcessOfTheKeyAndNoOther() throws IOException {
        try (RunningProcess encode = sleeping(JOB); RunningProcess meter = sleeping(JOB); RunningProcess other = sleeping(OTHER_JOB)) {
            runner.kill(JOB);

            assertFalse(encode.isRunning());
            assertFalse(meter.isRunning());
            assertTrue(encode.wasKilled());
            assertTrue(other.isRunning());
        }
    }

    @Test
    void aStoppedKeyRunsNothingUntilAllowedAgain() throws IOException {
        try (RunningProcess encode = sleeping(JOB); RunningProcess other = sleeping(OTHER_JOB)) {
            runner.stop(JOB);

            assertTrue(encode.wasKilled());
            assertTrue(other.isRunning());
        }
        try (RunningProcess late = sleeping(JOB); RunningProcess other = sleeping(OTHER_JOB)) {
            assertTrue(late.wasKilled(), "a process of a stopped key is killed as it starts");
            assertFalse(late.isRunning());
            assertTrue(other.isRunning());
        }

        runner.allow(JOB);
        try (RunningProcess again = sleeping(JOB)) {
            assertTrue(again.isRunning());
        }
    }

    /** The program runs under wrappers: what the runner started is not all there is to kill. */
    @Test
    void killEndsTheProcessWithItsDescendantsBeforeItReturns() throws Exception {
        Path pid = folder.resolve("child.pid");
        try (RunningProcess wrapper = runner.start(ProcessLaunch.of(JOB,
                List.of("sh", "-c", "sleep 30 & echo $! > '" + pid + "'; wait"), List.of(), LONG))) {
            long child = pidOf("child");
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));

            wrapper.kill();

            assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the wrapped program is gone");
        }
    }

    @Test
    void stopAllReachesEveryProcess() throws IOException {
        try (RunningProcess encode = sleeping(JOB); RunningProcess other = sleeping(OTHER_JOB)) {
            runner.stopAll();

            assertFalse(encode.isRunning());
            assertFalse(other.isRunning());
        }
    }

    @Test
    void aProcessIsRegisteredUntilClosed() throws IOException {
        RunningProcess process = sleeping(JOB);
        assertTrue(runner.registered(JOB));

        process.close();
        assertTrue(process.wasKilled());
        assertFalse(runner.registered(JOB));
    }

    @Test
    void aShortRunIsKilledByItsKey() throws Exception {
        CompletableFuture<Optional<String>> probe = sleepingShortRun("upload.source");
        CompletableFuture<Optional<String>> other = sleepingShortRun("other.source");
        long pid = pidOf("upload.source");
        long otherPid = pidOf("other.source");

        assertEquals(Optional.empty(), killedWithin(probe, () -> runner.kill("upload.source")));
        assertFalse(alive(pid), "the short run's process is gone");
        assertTrue(alive(otherPid), "another key's short run runs on");
        assertFalse(Files.exists(folder.resolve("upload.source.out")), "the scratch file is deleted");

        assertEquals(Optional.empty(), killedWithin(other, runner::stopAll));
        assertFalse(alive(otherPid));
    }

    @Test
    void aShortRunIsKilledByStopAll() throws Exception {
        CompletableFuture<Optional<String>> probe = sleepingShortRun("probe");
        long pid = pidOf("probe");

        assertEquals(Optional.empty(), killedWithin(probe, runner::stopAll));
        assertFalse(alive(pid));
    }

    @Test
    void aShortRunPastItsDeadlineIsEmpty() throws IOException {
        Instant start = Instant.now();
        assertEquals(Optional.empty(), runner.run(ProcessLaunch.of("probe", List.of("sleep", "30"), List.of(),
                Duration.ofMillis(300)), folder.resolve("out")));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 20);
    }

    @Test
    void aShortRunAnswersItsOutputOnlyWhenItExitsZero() throws IOException {
        Path output = folder.resolve("x.probe");

        assertEquals(Optional.of("{}\n"), runner.run(ProcessLaunch.of("probe", List.of("sh", "-c", "echo '{}'"),
                List.of(), LONG), output));
        assertFalse(Files.exists(output), "the scratch file is deleted");
        assertEquals(Optional.empty(), runner.run(ProcessLaunch.of("probe", List.of("sh", "-c", "echo '{}'; exit 1"),
                List.of(), LONG), output));
        assertFalse(Files.exists(output));
    }

    @Test
    void aShortRunGetsTheParentDeathSignal() throws IOException {
        Path setpriv = Path.of("/usr/bin/setpriv");
        assumeTrue(Files.isExecutable(setpriv), "setpriv is installed");

        String dump = runner.run(ProcessLaunch.of("probe", List.of(setpriv.toString(), "--dump"), List.of(), LONG),
                folder.resolve("out")).orElseThrow();

        assertTrue(dump.contains("Parent death signal: KILL"), dump);
    }

    @Test
    void withSetprivTheCommandIsPrefixedWithTheParentDeathSignal() {
        List<String> probe = List.of("ffprobe", "-v", "error", "file:/data/uploads/x.source");

        assertEquals(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "ffprobe", "-v", "error",
                "file:/data/uploads/x.source"), ProcessRunner.wrapped(probe, true));
    }

    @Test
    void withoutSetprivTheCommandRunsAsBuilt() {
        List<String> probe = List.of("ffprobe", "-v", "error", "file:/data/uploads/x.source");

        assertEquals(probe, ProcessRunner.wrapped(probe, false));
    }

    @Test
    void aMissingProgramCannotBeStartedWhateverWrapsIt() {
        for (String program : List.of("no-such-program-here", folder.resolve("ffmpeg").toString())) {
            IOException e = assertThrows(IOException.class, () -> runner.start(ProcessLaunch.of(JOB, List.of(program),
                    List.of(), LONG)));
            assertTrue(e.getMessage().contains(program), e.getMessage());
        }
    }

    /** Even unconfined, a program gets none of the server's environment, which may hold its secrets. */
    @Test
    void theEnvironmentIsPathAlone() throws IOException {
        String environment = runner.run(ProcessLaunch.of("probe", List.of("env"), List.of(), LONG), folder.resolve("out"))
                .orElseThrow();

        assertEquals(List.of("PATH"), environment.lines().map(line -> line.split("=", 2)[0]).toList(), environment);
    }

    @Test
    void theInputIsEmpty() throws IOException {
        assertEquals(Optional.of("0\n"), runner.run(ProcessLaunch.of("probe", List.of("sh", "-c", "wc -c"), List.of(), LONG),
                folder.resolve("out")).map(String::stripLeading));
    }

    @Test
    void theProcessRunsInTheLaunchsFolder() throws IOException {
        Path work = Files.createDirectories(folder.resolve("work"));

        assertEquals(Optional.of(work.toRealPath() + "\n"), runner.run(ProcessLaunch.of("probe", List.of("pwd", "-P"),
                List.of(), LONG).in(work), folder.resolve("out")));
    }
}

package io.streamserver.platform.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every process goes through one runner: its wrapper and its registry under a key; on real processes. */
class ProcessRunnerTest {

    private static final String JOB = "550e8400-e29b-41d4-a716-446655440000";
    private static final String OTHER_JOB = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path folder;

    private final ProcessRunner runner = new ProcessRunner();

    @AfterEach
    void noProcessOutlivesATest() {
        runner.stopAll();
    }

    private RunningProcess sleeping(String key) throws IOException {
        return runner.start(ProcessLaunch.of(key, List.of("sleep", "30"), List.of(), LONG));
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
    void withSetprivTheCommandIsPrefixedWithTheParentDeathSignal() {
        List<String> probe = List.of("ffprobe", "-v", "error", "file:/data/uploads/x.source");

        assertEquals(List.of("/usr/bin/setpriv", "--pdeathsig", "KILL", "--", "ffprobe", "-v", "error",
                "file:/data/uploads/x.source"), ProcessRunner.wrapped(probe, List.of(Path.of("/data/uploads/x.source")), true));
    }

    @Test
    void withoutSetprivTheCommandRunsAsBuilt() {
        List<String> probe = List.of("ffprobe", "-v", "error", "file:/data/uploads/x.source");

        assertEquals(probe, ProcessRunner.wrapped(probe, List.of(Path.of("/data/uploads/x.source")), false));
    }

    @Test
    void aMissingProgramCannotBeStartedWhateverWrapsIt() {
        for (String program : List.of("no-such-program-here", folder.resolve("ffmpeg").toString())) {
            IOException e = assertThrows(IOException.class, () -> runner.start(ProcessLaunch.of(JOB, List.of(program),
                    List.of(), LONG)));
            assertTrue(e.getMessage().contains(program), e.getMessage());
        }
    }
}

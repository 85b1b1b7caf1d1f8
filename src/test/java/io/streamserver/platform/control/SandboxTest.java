package io.streamserver.platform.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a program started through the runner may touch, on real bubblewrap (./stream-server installs it): its own
 * input, its own output folder, nothing else of the host, no network, and its limits.
 */
class SandboxTest {

    private static final Duration LONG = Duration.ofMinutes(2);
    private static final Sandbox.Limits LIMITS = new Sandbox.Limits(120, 1L << 30, 1L << 20);

    @TempDir
    Path folder;

    private final Sandbox sandbox = new Sandbox(Sandbox.Mode.BUBBLEWRAP, LIMITS);
    private final ProcessRunner runner = new ProcessRunner(sandbox);

    @AfterEach
    void noProcessOutlivesATest() {
        runner.stopAll();
    }

    private Optional<String> bash(String script, List<Path> paths) throws IOException {
        return runner.run(ProcessLaunch.of("job", List.of("bash", "-c", script), paths, LONG), folder.resolve("out.txt"));
    }

    @Test
    void bubblewrapWorksOnThisHost() {
        assertEquals(Optional.empty(), sandbox.problem());
    }

    @Test
    void aProgramReadsItsInputAndWritesItsFolderOnly() throws IOException {
        Path input = Files.writeString(folder.resolve("input.source"), "the input\n");
        Path secret = Files.writeString(folder.resolve("signing.key"), "the secret\n");
        Path output = Files.createDirectories(folder.resolve("jobs/a/.encoder"));
        Path other = Files.createDirectories(folder.resolve("jobs/b"));
        Files.writeString(other.resolve("segment_00001.ts"), "another job\n");

        String report = bash("cat '" + input + "'; "
                + "cat '" + secret + "' || echo no-secret; "
                + "cat '" + other.resolve("segment_00001.ts") + "' || echo no-other; "
                + "ls '" + folder + "' | tr '\\n' ' '; echo; "
                + "echo written > '" + output.resolve("segment_00001.ts") + "'; "
                + "echo planted > '" + other.resolve("planted") + "' || echo no-write; "
                + "echo beside > '" + input + ".beside' || echo no-beside", List.of(input, output)).orElseThrow();

        assertTrue(report.startsWith("the input\n"), report);
        assertFalse(report.contains("the secret") || report.contains("another job"), report);
        assertTrue(report.contains("no-secret") && report.contains("no-other"), report);
        assertEquals("written\n", Files.readString(output.resolve("segment_00001.ts")));
        assertFalse(Files.exists(other.resolve("planted")), "another job's folder is out of reach");
        assertFalse(Files.exists(folder.resolve("input.source.beside")), "the input's folder is not writable");
    }

    @Test
    void aProgramReachesNoListenerOnTheHostsLoopback() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String report = bash("exec 3<>/dev/tcp/127.0.0.1/" + listener.getLocalPort() + " && echo connected "
                    + "|| echo refused", List.of()).orElseThrow();

            assertEquals("refused\n", report.lines().reduce((a, b) -> b).map(l -> l + "\n").orElse(""), report);
            listener.setSoTimeout(1);
            assertThrows(SocketTimeoutException.class, listener::accept, "no connection is waiting");
        }
    }

    @Test
    void aProgramGetsNoEnvironmentButPathAndItsFolder() throws IOException {
        String environment = runner.run(ProcessLaunch.of("job", List.of("env"), List.of(), LONG), folder.resolve("out.txt"))
                .orElseThrow();

        assertEquals(List.of("PATH", "PWD"), environment.lines().map(line -> line.split("=", 2)[0]).sorted().toList(),
                environment);
    }

    /** ffmpeg's report (FFREPORT), where the encode's loudness summary is, must reach it inside the sandbox. */
    @Test
    void aProgramGetsTheVariablesItsLaunchNames() throws IOException {
        String environment = runner.run(ProcessLaunch.of("job", List.of("env"), List.of(), LONG)
                .with("FFREPORT", "file=/x/report.log:level=32"), folder.resolve("out.txt")).orElseThrow();

        assertEquals(List.of("FFREPORT=file=/x/report.log:level=32"),
                environment.lines().filter(line -> line.startsWith("FFREPORT=")).toList(), environment);
    }

    @Test
    void aProgramRunsWithItsLimits() throws IOException {
        // bash counts kibibytes
        String limits = bash("ulimit -t; ulimit -v; ulimit -f", List.of()).orElseThrow();

        assertEquals(List.of("120", String.valueOf((1L << 30) / 1024), String.valueOf((1L << 20) / 1024)), limits.lines().toList());
    }

    @Test
    void aFileLargerThanTheLimitIsCutOff() throws IOException {
        Path output = Files.createDirectories(folder.resolve("out"));

        assertEquals(Optional.empty(), bash("head -c 4000000 /dev/zero > '" + output.resolve("big") + "'", List.of(output)));
        assertEquals(1L << 20, Files.size(output.resolve("big")));
    }

    /** Killing the runner's process, bubblewrap, takes the program inside down with it. */
    @Test
    void theProgramDiesWithItsSandbox() throws IOException, InterruptedException {
        String marker = "sleep 987." + ProcessHandle.current().pid();
        try (RunningProcess process = runner.start(ProcessLaunch.of("job", List.of("bash", "-c", marker),
                List.of(), LONG))) {
            Instant giveUp = Instant.now().plusSeconds(20);
            while (sandboxed(marker).isEmpty()) {
                assertTrue(Instant.now().isBefore(giveUp), "the program never started");
                Thread.sleep(20);
            }
            process.kill();
        }
        Instant giveUp = Instant.now().plusSeconds(20);
        while (!sandboxed(marker).isEmpty()) {
            assertTrue(Instant.now().isBefore(giveUp), "the sandboxed program outlived its sandbox");
            Thread.sleep(20);
        }
    }

    private static List<ProcessHandle> sandboxed(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").endsWith(marker)
                && !p.info().commandLine().orElse("").contains("bwrap")).toList();
    }

    @Test
    void aMissingBubblewrapIsAProblemThatSaysWhatToDo() {
        Optional<String> problem = Sandbox.check(Sandbox.Mode.BUBBLEWRAP, folder.resolve("bwrap"));

        assertTrue(problem.orElseThrow().contains("apt-get install bubblewrap"), problem.toString());
        assertEquals(Optional.empty(), Sandbox.check(Sandbox.Mode.NONE, folder.resolve("bwrap")));
    }
}

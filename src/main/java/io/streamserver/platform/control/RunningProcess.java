package io.streamserver.platform.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A process that the {@link ProcessRunner} started; its owner polls it, which also enforces its deadline, and closes it. */
public final class RunningProcess implements AutoCloseable {

    private final ProcessLaunch launch;
    private final Process process;
    private final Instant deadline;
    private final Consumer<RunningProcess> onClose;
    private final InputStream output;
    private volatile boolean timedOut;
    private volatile boolean killed;

    RunningProcess(ProcessLaunch launch, Process process, Consumer<RunningProcess> onClose) {
        this.launch = launch;
        this.process = process;
        this.deadline = Instant.now().plus(launch.timeout());
        this.onClose = onClose;
        this.output = process.getInputStream();
    }

    public String key() {
        return launch.key();
    }

    /** Enforces the wall-clock limit, and says whether the process still runs. */
    public boolean isRunning() {
        if (process.isAlive() && Instant.now().isAfter(deadline)) {
            timedOut = true;
            kill();
        }
        return process.isAlive();
    }

    /** Waits up to the given time, returning as soon as the process exits. */
    public void awaitExit(long millis) throws InterruptedException {
        process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits until the process ends, is killed or passes its deadline; for output that is not a pipe. */
    public void await() throws InterruptedException {
        while (isRunning()) {
            awaitExit(100);
        }
    }

    /** Receives what a program writes to its output pipe, as it comes. */
    @FunctionalInterface
    public interface OutputSink {
        void accept(byte[] bytes, int length);
    }

    /**
     * Hands everything the program writes to its output pipe to the sink, blocking until the program closes it.
     * Whoever asked for the pipe reads it so, or a talkative program blocks on a full pipe.
     */
    public void readOutputToEnd(OutputSink sink) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = output.read(buffer)) >= 0) {
            sink.accept(buffer, read);
        }
    }

    /** Whether the process was killed rather than ending on its own. */
    public boolean wasKilled() {
        return killed;
    }

    public boolean timedOut() {
        return timedOut;
    }

    public boolean succeeded() {
        return !process.isAlive() && !killed && process.exitValue() == 0;
    }

    /** The exit status, once the process has ended. */
    public Optional<Integer> exitStatus() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** The last non-blank lines of the error log, with the paths of the launch shown by their names only. */
    public String lastErrors(int lines) {
        String text = "";
        try {
            if (launch.log() != null) {
                List<String> logged = Files.readAllLines(launch.log(), StandardCharsets.UTF_8).stream()
                        .map(String::strip).filter(l -> !l.isEmpty()).toList();
                text = String.join("\n", logged.subList(Math.max(0, logged.size() - lines), logged.size()));
            }
        } catch (IOException e) {
            // no log to read: the exit status has to say it
        }
        for (Path path : launch.paths()) {
            text = text.replace(path.toString(), path.getFileName().toString());
        }
        return text;
    }

    /**
     * Kills the process with its descendants and waits for them all to be gone. The program runs under wrappers
     * (setpriv, prlimit, bubblewrap), and the parent-death signal that would end it after them arrives a moment later:
     * too late for a cancel that promises the process is gone when it answers.
     */
    public void kill() {
        if (process.isAlive()) {
            killed = true;
            List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
            tree.forEach(ProcessHandle::destroyForcibly);
            try {
                for (ProcessHandle each : tree) {
                    each.onExit().get(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // the death signal still ends what outlived its kill
            }
        }
    }

    /** Kills the process if it still runs and takes it out of the runner's registry. */
    @Override
    public void close() {
        kill();
        try {
            output.close();
        } catch (IOException ignored) {
            // the pipe is gone with the process
        }
        onClose.accept(this);
    }
}

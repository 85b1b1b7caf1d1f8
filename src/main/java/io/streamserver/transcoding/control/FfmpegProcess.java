package io.streamserver.transcoding.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A running ffmpeg encode, whose progress is read by whoever polls it. */
public final class FfmpegProcess implements AutoCloseable {

    private static final int REASON_LINES = 8;

    private final String jobId;
    private final Process process;
    private final Path log;
    private final Instant deadline;
    private final List<Path> hiddenPaths;
    private final Consumer<FfmpegProcess> onClose;
    private final InputStream progress;
    private final byte[] drain = new byte[8192];
    private final StringBuilder progressLine = new StringBuilder();
    private volatile double encodedSeconds;
    private volatile boolean timedOut;
    private volatile boolean killed;

    FfmpegProcess(String jobId, Process process, Path log, Instant deadline, List<Path> hiddenPaths, Consumer<FfmpegProcess> onClose) {
        this.jobId = jobId;
        this.process = process;
        this.log = log;
        this.deadline = deadline;
        this.hiddenPaths = hiddenPaths;
        this.onClose = onClose;
        this.progress = process.getInputStream();
    }

    /** Drains progress, enforces the wall-clock limit, and says whether ffmpeg still runs. */
    public boolean isRunning() {
        drainProgress();
        if (process.isAlive() && Instant.now().isAfter(deadline)) {
            timedOut = true;
            kill();
        }
        return process.isAlive();
    }

    /** Waits up to the given time, returning as soon as ffmpeg exits. */
    public void awaitExit(long millis) throws InterruptedException {
        process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    public String jobId() {
        return jobId;
    }

    /** Whether ffmpeg was killed rather than ending on its own. */
    public boolean wasKilled() {
        return killed;
    }

    /** Seconds of output encoded so far, as ffmpeg's progress reports it. */
    public double encodedSeconds() {
        return encodedSeconds;
    }

    public boolean succeeded() {
        return !process.isAlive() && !killed && process.exitValue() == 0;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** ffmpeg's own last error lines, with the server's paths taken out. */
    public String failureReason() {
        if (timedOut) {
            return "the job exceeded its time limit (STREAM_JOB_TIMEOUT) and ffmpeg was stopped";
        }
        String text;
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            text = String.join("\n", lines.subList(Math.max(0, lines.size() - REASON_LINES), lines.size()));
        } catch (IOException e) {
            text = "";
        }
        for (Path path : hiddenPaths) {
            text = text.replace(path.toString(), path.getFileName().toString());
        }
        String exit = process.isAlive() ? "" : "ffmpeg exited with status " + process.exitValue();
        return text.isEmpty() ? exit : text;
    }

    /** Kills ffmpeg and waits for it to be gone. */
    public void kill() {
        if (process.isAlive()) {
            killed = true;
            process.destroyForcibly();
            try {
                process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
        try {
            progress.close();
        } catch (IOException ignored) {
            // the pipe is gone with the process
        }
        onClose.accept(this);
    }

    private void drainProgress() {
        try {
            int available;
            while ((available = progress.available()) > 0) {
                int read = progress.read(drain, 0, Math.min(available, drain.length));
                if (read < 0) {
                    return;
                }
                for (int i = 0; i < read; i++) {
                    char c = (char) drain[i];
                    if (c == '\n') {
                        parseProgress(progressLine.toString());
                        progressLine.setLength(0);
                    } else {
                        progressLine.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // the process ended and closed its pipe; nothing more to read
        }
    }

    private void parseProgress(String line) {
        if (line.startsWith("out_time_us=")) {
            try {
                encodedSeconds = Long.parseLong(line.substring("out_time_us=".length()).strip()) / 1e6;
            } catch (NumberFormatException ignored) {
                // "N/A" before the first packet
            }
        }
    }
}

package io.streamserver.transcoding.control;

import io.streamserver.platform.control.RunningProcess;

/** A running ffmpeg of a job: its progress as ffmpeg reports it, and why it failed in ffmpeg's own words. */
public final class FfmpegProcess implements AutoCloseable {

    private static final int REASON_LINES = 8;

    private final RunningProcess process;
    private volatile double encodedSeconds;

    FfmpegProcess(RunningProcess process) {
        this.process = process;
    }

    /** Reads progress, enforces the wall-clock limit, and says whether ffmpeg still runs. */
    public boolean isRunning() {
        process.outputLines().forEach(this::parseProgress);
        return process.isRunning();
    }

    /** Waits up to the given time, returning as soon as ffmpeg exits. */
    public void awaitExit(long millis) throws InterruptedException {
        process.awaitExit(millis);
    }

    public String jobId() {
        return process.key();
    }

    /** Whether ffmpeg was killed rather than ending on its own. */
    public boolean wasKilled() {
        return process.wasKilled();
    }

    /** Seconds of output encoded so far, as ffmpeg's progress reports it. */
    public double encodedSeconds() {
        return encodedSeconds;
    }

    public boolean succeeded() {
        return process.succeeded();
    }

    public boolean timedOut() {
        return process.timedOut();
    }

    /** ffmpeg's own last error lines, with the server's paths taken out. */
    public String failureReason() {
        if (process.timedOut()) {
            return "the job exceeded its time limit (STREAM_JOB_TIMEOUT) and ffmpeg was stopped";
        }
        String text = process.lastErrors(REASON_LINES);
        return text.isEmpty() ? process.exitStatus().map(status -> "ffmpeg exited with status " + status).orElse("") : text;
    }

    @Override
    public void close() {
        process.close();
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

package io.streamserver.media.control;

import io.streamserver.platform.control.RunningProcess;

import java.util.Optional;

/** A running ffmpeg of a job, and why it failed in ffmpeg's own words. */
public final class FfmpegProcess implements AutoCloseable {

    private static final int REASON_LINES = 8;

    private final RunningProcess process;
    private final Waveform waveform;
    private final Thread waveformReader;

    FfmpegProcess(RunningProcess process) {
        this(process, null, null);
    }

    /** @param waveformReader the thread that feeds ffmpeg's output samples into the waveform, already started */
    FfmpegProcess(RunningProcess process, Waveform waveform, Thread waveformReader) {
        this.process = process;
        this.waveform = waveform;
        this.waveformReader = waveformReader;
    }

    /** Enforces the wall-clock limit, and says whether ffmpeg still runs. */
    public boolean isRunning() {
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

    /** The waveform of the whole encode, once ffmpeg has ended; empty when the encode draws none. */
    public Optional<Waveform> waveform() throws InterruptedException {
        if (waveform == null) {
            return Optional.empty();
        }
        waveformReader.join();
        return Optional.of(waveform);
    }

    @Override
    public void close() {
        process.close();
    }
}

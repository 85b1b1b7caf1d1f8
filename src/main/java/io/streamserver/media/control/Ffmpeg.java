package io.streamserver.media.control;

import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.SourceAudio;
import io.streamserver.platform.control.ProcessLaunch;
import io.streamserver.platform.control.ProcessRunner;
import io.streamserver.platform.control.RunningProcess;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the server asks of ffmpeg and ffprobe, for uploads and jobs. Uploads are hostile: every command is an argument
 * array that {@link FfmpegCommands} builds, ffprobe's answer is checked by {@link FfprobeOutput}, and every process runs
 * through the {@link ProcessRunner}: under its job's id, so that cancelling a job reaches all of its processes, and a
 * probe under its upload's file name.
 */
@ApplicationScoped
public class Ffmpeg {

    private static final System.Logger LOG = System.getLogger(Ffmpeg.class.getName());

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
    /** The key of the version check's process; an upload's probe runs under the upload's file name. */
    private static final String VERSION_KEY = "ffmpeg-version";

    @Inject
    @ConfigProperty(name = "ffmpeg.path")
    String ffmpegPath;

    @Inject
    @ConfigProperty(name = "ffprobe.path")
    String ffprobePath;

    @Inject
    ProcessRunner runner;

    @Resource
    ManagedThreadFactory threads;

    /**
     * Confirms that a file is audio we can read and that its first seconds decode, and describes it; anything else is
     * the client's error. One ffprobe process does both (FfmpegCommands.probeCommand).
     */
    public SourceAudio probe(Path file) {
        String name = file.getFileName().toString();
        Path log = file.resolveSibling(name + ".probe-log");
        ProcessLaunch launch = ProcessLaunch.of(name, FfmpegCommands.probeCommand(ffprobePath, file),
                List.of(file.toAbsolutePath()), PROBE_TIMEOUT).errorsTo(log);
        try {
            String json = runner.run(launch, file.resolveSibling(name + ".probe"))
                    .orElseThrow(() -> new InvalidParameterException("file",
                            "is not an audio file we can read (" + FfmpegCommands.SUPPORTED + ")"));
            return FfprobeOutput.parseDecoded(json, errors(log).replace(file.toAbsolutePath().toString(), "the upload"));
        } catch (IOException e) {
            throw missing(ffprobePath, "FFPROBE_PATH", e);
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete " + log.getFileName(), e);
            }
        }
    }

    private static String errors(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new IllegalStateException("cannot read ffprobe's log: " + e.getMessage(), e);
        }
    }

    /** Starts encoding for a job; the caller polls the returned process and closes it. */
    public FfmpegProcess encodeHls(String jobId, HlsEncoding encoding, Path log, Duration timeout) {
        ProcessLaunch launch = ProcessLaunch.of(jobId, FfmpegCommands.hlsCommand(ffmpegPath, encoding),
                List.of(encoding.source().toAbsolutePath(), encoding.outputFolder().toAbsolutePath()), timeout).errorsTo(log);
        if (encoding.meter() != null) {
            launch = launch.with("FFREPORT", FfmpegCommands.report(encoding.report()));
        }
        if (!encoding.waveform()) {
            launch = launch.discardingOutput();
        }
        RunningProcess process;
        try {
            process = runner.start(launch);
        } catch (IOException e) {
            throw missing(ffmpegPath, "FFMPEG_PATH", e);
        }
        if (!encoding.waveform()) {
            return new FfmpegProcess(process);
        }
        Waveform waveform = new Waveform(encoding.audio().sampleRate(), encoding.audio().durationSeconds());
        Thread reader = threads.newThread(() -> {
            try {
                process.readOutputToEnd(waveform::accept);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "job {0}: the waveform's samples ended early: {1}", jobId, e.getMessage());
            }
        });
        reader.setName("waveform-" + jobId);
        reader.start();
        return new FfmpegProcess(process, waveform, reader);
    }

    /** The summary of the meter that ran inside an encode, from the encode's report. */
    public Loudness meteredLoudness(HlsEncoding encoding) {
        try {
            return LoudnessLog.parseEbur128(Files.readString(encoding.report(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the loudness measurement: " + e.getMessage(), e);
        }
    }

    /**
     * Measures a source's EBU R128 loudness with loudnorm's first pass, against the target the second pass will use,
     * so that its threshold and offset fit that pass. loudnorm works at 192 kHz: several times an encode's CPU time.
     */
    public Loudness measureLoudnessForTarget(String jobId, Path source, SourceAudio audio, double target, Duration timeout) {
        try (LoudnessMeasurement measurement = startSourceMeasurement(jobId, source,
                FfmpegCommands.sourceLoudnormCommand(ffmpegPath, source, audio, target), timeout, LoudnessLog::parseLoudnorm)) {
            return measurement.await();
        }
    }

    /** Measures the loudness of encoded HLS segments in a folder, read in order as one stream. */
    public Loudness measureSegmentsLoudness(String jobId, Path folder, Codec.Container container, String initSegment,
                                            List<String> segments, Duration timeout) {
        ProcessLaunch launch = ProcessLaunch.of(jobId, FfmpegCommands.segmentsEbur128Command(ffmpegPath, container, initSegment,
                segments), List.of(folder.toAbsolutePath()), timeout).errorsTo(folder.resolve(".loudness")).in(folder);
        try (LoudnessMeasurement measurement = startMeasurement(launch, LoudnessLog::parseEbur128)) {
            return measurement.await();
        }
    }

    /** A measurement of the source, its log beside it. */
    private LoudnessMeasurement startSourceMeasurement(String jobId, Path source, List<String> command, Duration timeout,
                                                       Function<String, Loudness> parser) {
        return startMeasurement(ProcessLaunch.of(jobId, command, List.of(source.toAbsolutePath()), timeout)
                .errorsTo(source.resolveSibling(source.getFileName() + ".loudness")), parser);
    }

    /** Runs a measurement as one of the job's processes, so that cancelling the job kills it too. */
    private LoudnessMeasurement startMeasurement(ProcessLaunch launch, Function<String, Loudness> parser) {
        try {
            return new LoudnessMeasurement(new FfmpegProcess(runner.start(launch.discardingOutput())), launch.log(), parser);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ffmpeg to measure loudness: " + e.getMessage(), e);
        }
    }

    /** A running loudness measurement; closing it stops the process and removes its log. */
    public static final class LoudnessMeasurement implements AutoCloseable {
        private final FfmpegProcess ffmpeg;
        private final Path log;
        private final Function<String, Loudness> parser;

        private LoudnessMeasurement(FfmpegProcess ffmpeg, Path log, Function<String, Loudness> parser) {
            this.ffmpeg = ffmpeg;
            this.log = log;
            this.parser = parser;
        }

        /** Waits for the measurement; an IllegalStateException says why there is none. */
        public Loudness await() {
            try {
                while (ffmpeg.isRunning()) {
                    ffmpeg.awaitExit(100);
                }
                if (!ffmpeg.succeeded()) {
                    throw new IllegalStateException(ffmpeg.wasKilled() && !ffmpeg.timedOut()
                            ? "the loudness measurement was stopped" : ffmpeg.failureReason());
                }
                return parser.apply(Files.readString(log, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the loudness measurement: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the loudness measurement was interrupted", e);
            }
        }

        @Override
        public void close() {
            ffmpeg.close();
            try {
                Files.deleteIfExists(log);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "job " + ffmpeg.jobId() + ": cannot delete " + log.getFileName(), e);
            }
        }
    }

    /**
     * The ffmpeg file that FFMPEG_PATH names, as its real path, size and modification time, or empty where there is
     * none: a change of it says that ffmpeg was replaced, without running it.
     */
    public Optional<String> installed() {
        try {
            Path program = ProcessRunner.executable(ffmpegPath);
            return Optional.of(program + " " + Files.size(program) + " " + Files.getLastModifiedTime(program).toMillis());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** ffmpeg's version line, or empty when ffmpeg cannot be run. */
    public Optional<String> version() {
        try {
            Path output = Files.createTempFile("ffmpeg-version", ".txt");
            return runner.run(ProcessLaunch.of(VERSION_KEY, FfmpegCommands.versionCommand(ffmpegPath), List.of(),
                    VERSION_TIMEOUT), output).map(text -> text.lines().findFirst().orElse(""));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static IllegalStateException missing(String program, String variable, IOException cause) {
        return new FfmpegMissingException("cannot run '" + program + "': install ffmpeg (apt-get install ffmpeg) or set "
                + variable + " to its path", cause);
    }

    /**
     * Kills the job's ffmpeg processes now, measurements included, and any it starts until {@link #allow}; their
     * reader sees them killed.
     */
    public void stop(String jobId) {
        runner.stop(jobId);
    }

    /** The job may run processes again: a claim of it begins, or its execution has ended. */
    public void allow(String jobId) {
        runner.allow(jobId);
    }

    /** No ffmpeg or ffprobe outlives the application. */
    public void stopAll() {
        runner.stopAll();
    }

    /** ffmpeg or ffprobe is not installed where the configuration says. */
    public static class FfmpegMissingException extends IllegalStateException {
        FfmpegMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

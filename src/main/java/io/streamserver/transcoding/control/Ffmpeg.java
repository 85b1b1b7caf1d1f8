package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.Codec;
import io.streamserver.transcoding.entity.EncodingSettings;
import io.streamserver.transcoding.entity.InvalidParameterException;
import io.streamserver.transcoding.entity.Loudness;
import io.streamserver.transcoding.entity.SourceAudio;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one place that runs ffmpeg and ffprobe. Uploads are hostile: every command is an argument array,
 * the input is read only through the file protocol and with a demuxer from an audio allowlist, so that
 * a playlist or concat file disguised as audio cannot make ffmpeg open other files or URLs.
 */
@ApplicationScoped
public class Ffmpeg {

    private static final System.Logger LOG = System.getLogger(Ffmpeg.class.getName());

    /** The demuxers we accept, by the names ffmpeg gives them (mov covers mp4 and m4a). */
    static final List<String> AUDIO_DEMUXERS = List.of("wav", "w64", "mp3", "flac", "ogg", "mov", "aiff", "caf", "wv", "ape");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
    private static final String SUPPORTED = "wav, w64, mp3, flac, ogg, mp4/m4a, aiff, caf, wv or ape";
    static final double TRUE_PEAK_CEILING = -1;
    static final double LOUDNESS_RANGE_TARGET = 11;
    /** ebur128 with true peak (4x oversampled); per-frame lines at verbose, so the log holds only the summary. */
    private static final List<String> EBUR128_METER = List.of("-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-");
    private static final double EBUR128_SILENCE_LUFS = -70;
    /**
     * util-linux's setpriv sets the parent-death signal before it execs ffmpeg, so that ffmpeg dies with the server
     * even on kill -9. (ffmpeg ignores SIGPIPE, so a closed pipe alone does not stop it.) The signal follows the
     * starting thread, which is the batch job's own thread for the whole encode.
     */
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    @Inject
    @ConfigProperty(name = "ffmpeg.path")
    String ffmpegPath;

    @Inject
    @ConfigProperty(name = "ffprobe.path")
    String ffprobePath;

    private final Set<FfmpegProcess> running = ConcurrentHashMap.newKeySet();

    /** Confirms that a file is audio we can read, and describes it; anything else is the client's error. */
    public SourceAudio probe(Path file) {
        String json = runToCompletion(probeCommand(ffprobePath, file), file.resolveSibling(file.getFileName() + ".probe"), PROBE_TIMEOUT)
                .orElseThrow(() -> new InvalidParameterException("file", "is not an audio file we can read (" + SUPPORTED + ")"));
        return parseProbe(json);
    }

    /**
     * Only the allowlisted audio demuxers may even look at the file, so a playlist, concat script or
     * other container that references further files or URLs is never opened as one.
     */
    static List<String> probeCommand(String ffprobe, Path file) {
        return List.of(ffprobe, "-v", "error", "-hide_banner",
                "-protocol_whitelist", "file", "-format_whitelist", String.join(",", AUDIO_DEMUXERS),
                "-select_streams", "a:0",
                "-show_entries", "format=format_name,duration:stream=codec_type,codec_name,sample_rate,channels,"
                        + "bits_per_sample,bits_per_raw_sample,duration",
                "-of", "json", "file:" + file.toAbsolutePath());
    }

    static SourceAudio parseProbe(String json) {
        JsonObject probe;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            probe = reader.readObject();
        }
        JsonObject format = probe.getJsonObject("format");
        JsonArray streams = probe.getJsonArray("streams");
        String demuxer = format == null ? null : demuxerFor(format.getString("format_name", ""));
        if (demuxer == null) {
            throw new InvalidParameterException("file", "is not an audio format we accept (" + SUPPORTED + ")");
        }
        if (streams == null || streams.isEmpty()
                || !"audio".equals(streams.getJsonObject(0).getString("codec_type", ""))) {
            throw new InvalidParameterException("file", "contains no audio stream");
        }
        JsonObject stream = streams.getJsonObject(0);
        double duration = number(format, "duration").or(() -> number(stream, "duration")).orElse(0.0);
        if (!(duration > 0)) {
            throw new InvalidParameterException("file", "has no audio duration; it may be empty or truncated");
        }
        int sampleRate = number(stream, "sample_rate").orElse(0.0).intValue();
        int channels = number(stream, "channels").orElse(0.0).intValue();
        if (sampleRate <= 0 || channels <= 0) {
            throw new InvalidParameterException("file", "has an audio stream without sample rate or channels");
        }
        int bits = number(stream, "bits_per_raw_sample").filter(b -> b > 0)
                .or(() -> number(stream, "bits_per_sample")).orElse(0.0).intValue();
        return new SourceAudio(demuxer, stream.getString("codec_name", "unknown"), duration, sampleRate, channels,
                bits > 0 ? bits : null);
    }

    /** The allowlisted demuxer behind ffprobe's format name ("mov,mp4,m4a,3gp,3g2,mj2" is read by "mov"). */
    static String demuxerFor(String formatName) {
        return Arrays.stream(formatName.split(",")).filter(AUDIO_DEMUXERS::contains).findFirst().orElse(null);
    }

    private static Optional<Double> number(JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (value.getValueType()) {
                case NUMBER -> object.getJsonNumber(key).doubleValue();
                case STRING -> Double.parseDouble(object.getString(key));
                default -> throw new NumberFormatException();
            });
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Starts encoding for a job; the caller polls the returned process and closes it. */
    public FfmpegProcess encodeHls(String jobId, HlsEncoding encoding, Path log, Duration timeout) {
        List<String> command = diesWithServer(hlsCommand(ffmpegPath, encoding));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(log.toFile())
                    .start();
            FfmpegProcess ffmpeg = new FfmpegProcess(jobId, process, log, Instant.now().plus(timeout),
                    List.of(encoding.source().toAbsolutePath(), encoding.outputFolder().toAbsolutePath()), running::remove);
            running.add(ffmpeg);
            return ffmpeg;
        } catch (IOException e) {
            throw missing(ffmpegPath, "FFMPEG_PATH", e);
        }
    }

    private static List<String> diesWithServer(List<String> ffmpegCommand) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        }
        command.addAll(ffmpegCommand);
        return command;
    }

    static List<String> hlsCommand(String ffmpeg, HlsEncoding encoding) {
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats",
                "-loglevel", "error", "-progress", "pipe:1", "-stats_period", "0.5",
                "-protocol_whitelist", "file", "-f", encoding.audio().demuxer(),
                "-i", "file:" + encoding.source().toAbsolutePath(),
                "-map", "0:a:0", "-vn", "-sn", "-dn"));
        if (encoding.normalises()) {
            command.addAll(List.of("-af", loudnormSecondPass(encoding.loudnessTarget(), encoding.measured(),
                    encoding.audio().sampleRate())));
        }
        command.addAll(codecArguments(encoding.settings(), encoding.audio()));
        command.addAll(List.of("-f", "hls", "-hls_time", String.format(Locale.ROOT, "%.3f", encoding.segmentSeconds()),
                "-hls_list_size", "0", "-hls_flags", "temp_file", "-start_number", "1"));
        if (encoding.codec().container() == Codec.Container.FRAGMENTED_MP4) {
            command.addAll(List.of("-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", HlsEncoding.INIT_SEGMENT));
        } else {
            command.addAll(List.of("-hls_segment_type", "mpegts"));
        }
        command.addAll(List.of("-hls_segment_filename", encoding.outputFolder().resolve(encoding.segmentPattern()).toString(),
                encoding.encoderPlaylist().toString()));
        return command;
    }

    static List<String> codecArguments(EncodingSettings settings, SourceAudio audio) {
        List<String> arguments = new ArrayList<>();
        switch (settings.codec()) {
            case AAC -> arguments.addAll(List.of("-c:a", "aac"));
            case MP3 -> arguments.addAll(List.of("-c:a", "libmp3lame"));
            case OPUS -> arguments.addAll(List.of("-c:a", "libopus"));
            case FLAC -> {
                int bits = settings.flacBitDepth(audio.bitDepth());
                arguments.addAll(List.of("-c:a", "flac", "-strict", "experimental",
                        "-ar", String.valueOf(settings.flacSampleRate(audio.sampleRate())),
                        "-sample_fmt", bits > 16 ? "s32" : "s16"));
                if (bits > 16) {
                    arguments.addAll(List.of("-bits_per_raw_sample", "24"));
                }
            }
        }
        if (settings.bitrate() != null) {
            arguments.addAll(List.of("-b:a", String.valueOf(settings.bitrate())));
        }
        if (!settings.codec().isLossless() && settings.codec() != Codec.OPUS && audio.sampleRate() > 48_000) {
            // players expect lossy HLS audio at 48 kHz at most
            arguments.addAll(List.of("-ar", "48000"));
        }
        return arguments;
    }

    /**
     * The second loudnorm pass: linear gain to the target where the first pass allows it. loudnorm works at
     * 192 kHz in dynamic mode, so the source's rate is restored before the codec's own sample-rate rules apply.
     */
    static String loudnormSecondPass(double target, Loudness measured, int sourceSampleRate) {
        return String.format(Locale.ROOT, "loudnorm=I=%.1f:TP=%.1f:LRA=%.1f:measured_I=%.2f:measured_TP=%.2f:"
                        + "measured_LRA=%.2f:measured_thresh=%.2f:offset=%.2f:linear=true:print_format=none,aformat=sample_rates=%d",
                target, TRUE_PEAK_CEILING, Math.min(50, Math.max(LOUDNESS_RANGE_TARGET, measured.lra())),
                clamp(measured.integratedLufs(), -99, 0), clamp(measured.truePeakDbtp(), -99, 99),
                clamp(measured.lra(), 0, 99), clamp(measured.thresholdLufs(), -99, 0),
                clamp(measured.targetOffset() == null ? 0 : measured.targetOffset(), -99, 99), sourceSampleRate);
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /**
     * Measures a source's EBU R128 loudness with loudnorm's first pass, against the target the second pass will use,
     * so that its threshold and offset fit that pass. loudnorm works at 192 kHz: several times an encode's CPU time.
     */
    public Loudness measureLoudnessForTarget(String jobId, Path source, SourceAudio audio, double target, Duration timeout) {
        List<String> loudnorm = List.of("-af", String.format(Locale.ROOT, "loudnorm=I=%.1f:TP=%.1f:LRA=%.1f:print_format=json",
                target, TRUE_PEAK_CEILING, LOUDNESS_RANGE_TARGET), "-f", "null", "-");
        try (LoudnessMeasurement measurement = startSourceMeasurement(jobId, source, audio, loudnorm, timeout,
                Ffmpeg::parseLoudnorm)) {
            return measurement.await();
        }
    }

    /**
     * Starts measuring a source's EBU R128 loudness, true peak included, with ffmpeg's ebur128 meter: a process of
     * its own, so that it runs beside the encode on another core rather than before it.
     */
    public LoudnessMeasurement startLoudnessMeter(String jobId, Path source, SourceAudio audio, Duration timeout) {
        return startSourceMeasurement(jobId, source, audio, EBUR128_METER, timeout, Ffmpeg::parseEbur128);
    }

    /** Measures the loudness of encoded HLS segments in a folder, read in order as one stream. */
    public Loudness measureSegmentsLoudness(String jobId, Path folder, Codec codec, String initSegment,
                                            List<String> segments, Duration timeout) {
        List<String> parts = new ArrayList<>();
        if (codec.container() == Codec.Container.FRAGMENTED_MP4) {
            parts.add(initSegment);
        }
        parts.addAll(segments);
        List<String> command = new ArrayList<>(List.of(ffmpegPath, "-nostdin", "-hide_banner", "-nostats",
                "-loglevel", "info", "-protocol_whitelist", "file,concat",
                "-f", codec.container() == Codec.Container.FRAGMENTED_MP4 ? "mp4" : "mpegts",
                "-i", "concat:" + String.join("|", parts), "-map", "0:a:0"));
        command.addAll(EBUR128_METER);
        try (LoudnessMeasurement measurement = startMeasurement(jobId, command, folder.resolve(".loudness"), folder,
                List.of(folder.toAbsolutePath()), timeout, Ffmpeg::parseEbur128)) {
            return measurement.await();
        }
    }

    /** A measurement of the source's first audio stream, read with its demuxer forced, by the given filter. */
    private LoudnessMeasurement startSourceMeasurement(String jobId, Path source, SourceAudio audio, List<String> filter,
                                                       Duration timeout, Function<String, Loudness> parser) {
        List<String> command = new ArrayList<>(List.of(ffmpegPath, "-nostdin", "-hide_banner", "-nostats",
                "-loglevel", "info", "-protocol_whitelist", "file", "-f", audio.demuxer(),
                "-i", "file:" + source.toAbsolutePath(), "-map", "0:a:0", "-vn", "-sn", "-dn"));
        command.addAll(filter);
        return startMeasurement(jobId, command, source.resolveSibling(source.getFileName() + ".loudness"), null,
                List.of(source.toAbsolutePath()), timeout, parser);
    }

    /** Runs a measurement as one of the job's processes, so that cancelling the job kills it too. */
    private LoudnessMeasurement startMeasurement(String jobId, List<String> command, Path log, Path workingFolder,
                                                 List<Path> hiddenPaths, Duration timeout, Function<String, Loudness> parser) {
        ProcessBuilder builder = new ProcessBuilder(diesWithServer(command))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile());
        if (workingFolder != null) {
            builder.directory(workingFolder.toFile());
        }
        try {
            FfmpegProcess ffmpeg = new FfmpegProcess(jobId, builder.start(), log, Instant.now().plus(timeout),
                    hiddenPaths, running::remove);
            running.add(ffmpeg);
            return new LoudnessMeasurement(ffmpeg, log, parser);
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

    /** Reads the JSON block that loudnorm prints last; "-inf" (silence) becomes null. */
    static Loudness parseLoudnorm(String log) {
        int start = log.lastIndexOf('{');
        int end = log.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalStateException("ffmpeg printed no loudness measurement");
        }
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(log.substring(start, end + 1)))) {
            json = reader.readObject();
        }
        return new Loudness(finite(json, "input_i"), finite(json, "input_tp"), finite(json, "input_lra"),
                finite(json, "input_thresh"), finite(json, "target_offset"));
    }

    /**
     * Reads the summary that ebur128 prints last. Its integrated loudness reads -70 LUFS, the gate's floor, when
     * nothing is above the gate, and its peak -inf for digital silence: both mean silence, so no value.
     */
    static Loudness parseEbur128(String log) {
        int summary = log.lastIndexOf("Summary:");
        if (summary < 0) {
            throw new IllegalStateException("ffmpeg printed no loudness measurement");
        }
        String text = log.substring(summary);
        Double integrated = summaryValue(text, "I:").filter(lufs -> lufs > EBUR128_SILENCE_LUFS).orElse(null);
        Double threshold = summaryValue(text, "Threshold:").filter(lufs -> integrated != null).orElse(null);
        return new Loudness(integrated, summaryValue(text, "Peak:").orElse(null),
                summaryValue(text, "LRA:").orElse(null), threshold, null);
    }

    /** The number after the first line starting with {@code label}; empty for "-inf" or "nan". */
    private static Optional<Double> summaryValue(String summary, String label) {
        return summary.lines().map(String::strip).filter(line -> line.startsWith(label)).findFirst()
                .map(line -> line.substring(label.length()).strip().split("\\s+")[0])
                .flatMap(value -> {
                    try {
                        return Optional.of(Double.parseDouble(value)).filter(Double::isFinite);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                });
    }

    private static Double finite(JsonObject json, String key) {
        Optional<Double> value = number(json, key);
        return value.filter(Double::isFinite).orElse(null);
    }

    /** ffmpeg's version line, or empty when ffmpeg cannot be run. */
    public Optional<String> version() {
        try {
            Path output = Files.createTempFile("ffmpeg-version", ".txt");
            try {
                return runToCompletion(List.of(ffmpegPath, "-hide_banner", "-version"), output, Duration.ofSeconds(10))
                        .map(text -> text.lines().findFirst().orElse(""));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** Runs a short command, its output to a scratch file; empty unless it exits 0 within the timeout. */
    private Optional<String> runToCompletion(List<String> command, Path output, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0
                    ? Optional.of(Files.readString(output, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            throw missing(command.get(0), command.get(0).contains("ffprobe") ? "FFPROBE_PATH" : "FFMPEG_PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete " + output, e);
            }
        }
    }

    private static IllegalStateException missing(String program, String variable, IOException cause) {
        return new FfmpegMissingException("cannot run '" + program + "': install ffmpeg (apt-get install ffmpeg) or set "
                + variable + " to its path", cause);
    }

    /** Kills the job's ffmpeg processes now; their reader sees them gone. */
    public void kill(String jobId) {
        running.stream().filter(p -> p.jobId().equals(jobId)).forEach(FfmpegProcess::kill);
    }

    /** No ffmpeg outlives the application. */
    public void stopAll() {
        running.forEach(FfmpegProcess::kill);
    }

    /** ffmpeg or ffprobe is not installed where the configuration says. */
    public static class FfmpegMissingException extends IllegalStateException {
        FfmpegMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

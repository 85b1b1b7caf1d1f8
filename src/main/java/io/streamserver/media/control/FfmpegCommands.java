package io.streamserver.media.control;

import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.SourceAudio;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The argument arrays of every ffmpeg and ffprobe run, built without running anything. Uploads are hostile: the input
 * is read only through the file protocol and with a demuxer from an audio allowlist, so that a playlist or concat
 * file disguised as audio cannot make ffmpeg open other files or URLs.
 */
final class FfmpegCommands {

    /** The demuxers we accept, by the names ffmpeg gives them (mov covers mp4 and m4a). */
    static final List<String> AUDIO_DEMUXERS = List.of("wav", "w64", "mp3", "flac", "ogg", "mov", "aiff", "caf", "wv", "ape");
    static final String SUPPORTED = "wav, w64, mp3, flac, ogg, mp4/m4a, aiff, caf, wv or ape";
    static final double TRUE_PEAK_CEILING = -1;
    /** How much of an upload is decoded before it is accepted. */
    static final int DECODE_CHECK_SECONDS = 5;
    static final double LOUDNESS_RANGE_TARGET = 11;
    /** ebur128 with true peak (4x oversampled); per-frame lines at verbose, so the log holds only the summary. */
    private static final List<String> EBUR128_METER = List.of("-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-");

    private FfmpegCommands() {
    }

    /**
     * Probes and decodes in one process. Only the allowlisted audio demuxers may even look at the file, so a playlist,
     * concat script or other container that references further files or URLs is never opened as one; the first
     * seconds of the first audio stream are then decoded by that same demuxer (-count_frames), as the encode will
     * read them with it forced. ffprobe has no -xerror: it logs a decoding error and goes on, so its log at level
     * error is the verdict (FfprobeOutput).
     */
    static List<String> probeCommand(String ffprobe, Path file) {
        return List.of(ffprobe, "-v", "error", "-hide_banner",
                "-protocol_whitelist", "file", "-format_whitelist", String.join(",", AUDIO_DEMUXERS),
                "-select_streams", "a:0", "-read_intervals", "%+" + DECODE_CHECK_SECONDS, "-count_frames",
                "-show_entries", "format=format_name,duration:stream=codec_type,codec_name,sample_rate,channels,"
                        + "bits_per_sample,bits_per_raw_sample,duration,nb_read_frames",
                "-of", "json", "file:" + file.toAbsolutePath());
    }

    static List<String> versionCommand(String ffmpeg) {
        return List.of(ffmpeg, "-hide_banner", "-version");
    }

    /**
     * The encode. When it also meters loudness or draws the waveform, the decoded audio is split: one branch is
     * encoded, the other goes through the ebur128 meter (its summary in ffmpeg's report) and leaves as mono 8-bit
     * samples on standard output, or nowhere without a waveform. The explicit aresample keeps the mono downmix on
     * that branch: without it, ffmpeg's format negotiation moved the downmix in front of the meter, and with a
     * loudness target in front of the split, so that the encode itself came out mono.
     */
    static List<String> hlsCommand(String ffmpeg, HlsEncoding encoding) {
        // -xerror: a source that breaks after the first seconds (checked at upload) fails the job in ffmpeg's words
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats",
                "-loglevel", "error", "-xerror", "-protocol_whitelist", "file", "-f", encoding.audio().demuxer(),
                "-i", "file:" + encoding.source().toAbsolutePath()));
        String normalise = encoding.normalises()
                ? loudnormSecondPass(encoding.loudnessTarget(), encoding.measured(), encoding.audio().sampleRate())
                : null;
        if (encoding.splits()) {
            String side = encoding.meter() == null ? ""
                    : "ebur128=peak=" + encoding.meter().ebur128Peak + ":framelog=verbose,";
            command.addAll(List.of("-filter_complex", "[0:a:0]" + (normalise == null ? "" : normalise + ",")
                    + "asplit=2[encode][side];[side]" + side + "aresample,aformat=channel_layouts=mono[waveform]",
                    "-map", "[encode]"));
        } else {
            command.addAll(List.of("-map", "0:a:0", "-vn", "-sn", "-dn"));
            if (normalise != null) {
                command.addAll(List.of("-af", normalise));
            }
        }
        command.addAll(codecArguments(encoding.settings(), encoding.audio()));
        command.addAll(List.of("-f", "hls", "-hls_time", String.format(Locale.ROOT, "%.3f", encoding.segmentSeconds()),
                "-hls_list_size", "0", "-hls_flags", "temp_file", "-start_number", "1"));
        if (encoding.settings().isFragmented()) {
            command.addAll(List.of("-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", HlsEncoding.INIT_SEGMENT));
        } else {
            command.addAll(List.of("-hls_segment_type", "mpegts"));
        }
        command.addAll(List.of("-hls_segment_filename", encoding.outputFolder().resolve(encoding.segmentPattern()).toString(),
                encoding.encoderPlaylist().toString()));
        if (encoding.splits()) {
            // -flush_packets 0: the pipe gets ffmpeg's large blocks, not a write per 1 KiB packet (103 writes a minute
            // of audio rather than 2,606), and the server's reader as few reads
            command.addAll(encoding.waveform()
                    ? List.of("-map", "[waveform]", "-c:a", "pcm_s8", "-flush_packets", "0", "-f", "s8", "pipe:1")
                    : List.of("-map", "[waveform]", "-f", "null", "-"));
        }
        return command;
    }

    /** The FFREPORT value that writes ffmpeg's info-level report to the file; ':' and '\\' are escaped for its parser. */
    static String report(Path file) {
        return "file=" + file.toAbsolutePath().toString().replace("\\", "\\\\").replace(":", "\\:") + ":level=32";
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

    /** loudnorm's first pass over the source, against the target the second pass will use; it prints JSON. */
    static List<String> sourceLoudnormCommand(String ffmpeg, Path source, SourceAudio audio, double target) {
        return sourceMeasurement(ffmpeg, source, audio, List.of("-af", String.format(Locale.ROOT,
                "loudnorm=I=%.1f:TP=%.1f:LRA=%.1f:print_format=json", target, TRUE_PEAK_CEILING, LOUDNESS_RANGE_TARGET),
                "-f", "null", "-"));
    }

    /** The source's first audio stream, read with its demuxer forced, through the given filter. */
    private static List<String> sourceMeasurement(String ffmpeg, Path source, SourceAudio audio, List<String> filter) {
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats",
                "-loglevel", "info", "-protocol_whitelist", "file", "-f", audio.demuxer(),
                "-i", "file:" + source.toAbsolutePath(), "-map", "0:a:0", "-vn", "-sn", "-dn"));
        command.addAll(filter);
        return command;
    }

    /**
     * The ebur128 meter over encoded HLS segments, read in order as one stream; the names are relative, so the
     * process runs in their folder.
     */
    static List<String> segmentsEbur128Command(String ffmpeg, Codec.Container container, String initSegment,
                                              List<String> segments) {
        List<String> parts = new ArrayList<>();
        if (container == Codec.Container.FRAGMENTED_MP4) {
            parts.add(initSegment);
        }
        parts.addAll(segments);
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-nostdin", "-hide_banner", "-nostats",
                "-loglevel", "info", "-protocol_whitelist", "file,concat",
                "-f", container == Codec.Container.FRAGMENTED_MP4 ? "mp4" : "mpegts",
                "-i", "concat:" + String.join("|", parts), "-map", "0:a:0"));
        command.addAll(EBUR128_METER);
        return command;
    }
}

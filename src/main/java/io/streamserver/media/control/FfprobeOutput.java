package io.streamserver.media.control;

import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.media.entity.SourceAudio;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads ffprobe's answer about an upload, with its log: what is not audio we accept, or does not decode from the start,
 * is the client's error.
 */
final class FfprobeOutput {

    private FfprobeOutput() {
    }

    /**
     * The upload's description, once the probe has decoded its first seconds: a decoder's error in the log, or no
     * frame decoded at all, refuses it, in the decoder's words. The log is ffprobe's at level error, whose lines are
     * errors only (its exit status stays 0 when a frame does not decode).
     */
    static SourceAudio parseDecoded(String json, String errors) {
        JsonObject probe = read(json);
        SourceAudio audio = describe(probe);
        String reason = errors.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse(null);
        JsonObject stream = probe.getJsonArray("streams").getJsonObject(0);
        if (reason != null || number(stream, "nb_read_frames").orElse(0.0) < 1) {
            throw new InvalidParameterException("file", "cannot be decoded as " + audio.codec() + " audio"
                    + (reason == null ? "" : " (" + reason.replaceFirst("^\\[[^]]* @ 0x[0-9a-f]+] ", "") + ")"));
        }
        return audio;
    }

    /** The upload's description from the probe alone. */
    static SourceAudio parse(String json) {
        return describe(read(json));
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static SourceAudio describe(JsonObject probe) {
        JsonObject format = probe.getJsonObject("format");
        JsonArray streams = probe.getJsonArray("streams");
        String demuxer = format == null ? null : demuxerFor(format.getString("format_name", ""));
        if (demuxer == null) {
            throw new InvalidParameterException("file", "is not an audio format we accept (" + FfmpegCommands.SUPPORTED + ")");
        }
        if (streams == null || streams.isEmpty()
                || !"audio".equals(streams.getJsonObject(0).getString("codec_type", ""))) {
            throw new InvalidParameterException("file", "contains no audio stream");
        }
        JsonObject stream = streams.getJsonObject(0);
        String codec = stream.getString("codec_name", "");
        if (codec.isBlank() || codec.equals("none")) {
            // a known container around a codec ffmpeg cannot name, such as a WAVE header with an unknown format tag
            throw new InvalidParameterException("file", "has audio in a codec that ffmpeg has no decoder for");
        }
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
        return new SourceAudio(demuxer, codec, duration, sampleRate, channels,
                bits > 0 ? bits : null);
    }

    /** The allowlisted demuxer behind ffprobe's format name ("mov,mp4,m4a,3gp,3g2,mj2" is read by "mov"). */
    static String demuxerFor(String formatName) {
        return Arrays.stream(formatName.split(",")).filter(FfmpegCommands.AUDIO_DEMUXERS::contains).findFirst().orElse(null);
    }

    /** A number that ffmpeg's JSON writes as a number or as a string; empty for anything else ("N/A", "-inf"). */
    static Optional<Double> number(JsonObject object, String key) {
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
}

package io.streamserver.media.control;

import io.streamserver.media.entity.Loudness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.util.Optional;

/** Reads a loudness measurement from the log of ffmpeg's loudnorm first pass or of its ebur128 meter. */
final class LoudnessLog {

    private static final double EBUR128_SILENCE_LUFS = -70;

    private LoudnessLog() {
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
     * Reads the summary that ebur128 prints last, with its sample peak, its true peak, or both. Its integrated
     * loudness reads -70 LUFS, the gate's floor, when nothing is above the gate, and its peaks -inf for digital
     * silence: both mean silence, so no value.
     */
    static Loudness parseEbur128(String log) {
        int summary = log.lastIndexOf("Summary:");
        if (summary < 0) {
            throw new IllegalStateException("ffmpeg printed no loudness measurement");
        }
        String text = log.substring(summary);
        Double integrated = summaryValue(text, "I:").filter(lufs -> lufs > EBUR128_SILENCE_LUFS).orElse(null);
        Double threshold = summaryValue(text, "Threshold:").filter(lufs -> integrated != null).orElse(null);
        return new Loudness(integrated, peak(text, "True peak:"), summaryValue(text, "LRA:").orElse(null), threshold,
                null).withSamplePeak(peak(text, "Sample peak:"));
    }

    /** The value of the summary's "Peak:" line under the given heading, or null without that heading. */
    private static Double peak(String summary, String heading) {
        int section = summary.indexOf(heading);
        return section < 0 ? null : summaryValue(summary.substring(section + heading.length()), "Peak:").orElse(null);
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
        return FfprobeOutput.number(json, key).filter(Double::isFinite).orElse(null);
    }
}

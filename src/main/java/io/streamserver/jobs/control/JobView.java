package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.SourceAudio;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;

/**
 * A job as GET /v1/stream/job/{id} shows it, and as a webhook's data carries it: the contract's fields, timestamps in ISO-8601 UTC, its owner (the
 * submitting token's subject, null with authentication off), the server that holds or last held it (null before its
 * first claim), whether
 * the retention period has deleted its output (then with a message saying so), then what ffprobe found in the
 * source and its EBU R128 loudness.
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "trackId", "status", "progress", "createdAt", "startedAt", "completedAt", "error",
        "priority", "owner", "instance", "outputExpired", "message", "source", "loudness", "hlsUrl"})
public record JobView(String id,
                      @JsonbProperty("track_id") String trackId,
                      String status,
                      double progress,
                      @JsonbProperty("created_at") String createdAt,
                      @JsonbProperty("started_at") @JsonbNillable String startedAt,
                      @JsonbProperty("completed_at") @JsonbNillable String completedAt,
                      String error,
                      String priority,
                      String owner,
                      String instance,
                      @JsonbProperty("output_expired") boolean outputExpired,
                      String message,
                      Source source,
                      @JsonbNillable LoudnessView loudness,
                      @JsonbProperty("hls_url") String hlsUrl) {

    static final String OUTPUT_EXPIRED = "the HLS output was deleted after the retention period (STREAM_RETENTION)";

    /** The upload as ffprobe read it; bit_depth is null for lossy sources. */
    @JsonbNillable
    @JsonbPropertyOrder({"format", "codec", "durationSeconds", "sampleRate", "channels", "bitDepth"})
    public record Source(String format, String codec,
                         @JsonbProperty("duration_s") double durationSeconds,
                         @JsonbProperty("sample_rate") int sampleRate,
                         int channels,
                         @JsonbProperty("bit_depth") Integer bitDepth) {

        static Source of(SourceAudio audio) {
            return new Source(audio.demuxer(), audio.codec(), audio.durationSeconds(), audio.sampleRate(),
                    audio.channels(), audio.bitDepth());
        }
    }

    /** One EBU R128 measurement. */
    @JsonbNillable
    @JsonbPropertyOrder({"integratedLufs", "truePeakDbtp", "samplePeakDbfs", "lra"})
    public record Measurement(@JsonbProperty("integrated_lufs") Double integratedLufs,
                              @JsonbProperty("true_peak_dbtp") @JsonbNillable Double truePeakDbtp,
                              @JsonbProperty("sample_peak_dbfs") @JsonbNillable Double samplePeakDbfs,
                              Double lra) {

        static Measurement of(Loudness loudness) {
            return loudness == null ? null
                    : new Measurement(loudness.integratedLufs(), loudness.truePeakDbtp(), loudness.samplePeakDbfs(),
                    loudness.lra());
        }
    }

    /**
     * The source's loudness, with its sample peak (metered beside the encode; true peak too with
     * STREAM_LOUDNESS_TRUE_PEAK) or its true peak (measured before a loudness target's normalisation); with a
     * loudness_target, also the target and the normalised output's measurement (null until measured).
     */
    @JsonbNillable
    @JsonbPropertyOrder({"integratedLufs", "truePeakDbtp", "samplePeakDbfs", "lra", "targetLufs", "output"})
    public record LoudnessView(@JsonbProperty("integrated_lufs") Double integratedLufs,
                               @JsonbProperty("true_peak_dbtp") @JsonbNillable Double truePeakDbtp,
                               @JsonbProperty("sample_peak_dbfs") @JsonbNillable Double samplePeakDbfs,
                               Double lra,
                               @JsonbProperty("target_lufs") @JsonbNillable Double targetLufs,
                               Measurement output) {

        static LoudnessView of(TranscodeJob job) {
            Loudness source = job.sourceLoudness();
            if (source == null) {
                return null;
            }
            return new LoudnessView(source.integratedLufs(), source.truePeakDbtp(), source.samplePeakDbfs(), source.lra(),
                    job.loudnessTarget(), Measurement.of(job.outputLoudness()));
        }
    }

    /** @param hlsUrl the playlist's URL, signed for players when authentication is on */
    public static JobView of(TranscodeJob job, String hlsUrl) {
        return new JobView(job.id(), job.trackId(), job.status().name(), job.progress(),
                iso(job.createdAt()), iso(job.startedAt()), iso(job.completedAt()), job.error(),
                job.priority().apiName(), job.owner(), job.claimedBy(), job.outputExpired(),
                job.outputExpired() ? OUTPUT_EXPIRED : null,
                Source.of(job.source()), LoudnessView.of(job), hlsUrl);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

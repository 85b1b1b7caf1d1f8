package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.Rendition;
import io.streamserver.media.entity.SourceAudio;
import io.streamserver.security.control.PlaybackUrls;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.List;

/**
 * A job as GET /v1/stream/job/{id} shows it, and as a webhook's data carries it: the contract's fields, timestamps in ISO-8601 UTC, its owner (the
 * submitting token's subject, null with authentication off), the server that holds or last held it (null before its
 * first claim), whether
 * the retention period has deleted its output (then with a message saying so), then what ffprobe found in the
 * source and its EBU R128 loudness. After the seed's fields, which keep their order, come what a client needs for
 * the other ways out: the segments' container, and the download and DASH URLs once there is something to fetch.
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "trackId", "status", "progress", "createdAt", "startedAt", "completedAt", "error",
        "priority", "owner", "instance", "outputExpired", "message", "source", "loudness", "hlsUrl",
        "container", "downloadUrl", "dashUrl"})
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
                      @JsonbProperty("hls_url") String hlsUrl,
                      String container,
                      // renamed properties are written when null only when they say so themselves
                      @JsonbProperty("download_url") @JsonbNillable String downloadUrl,
                      @JsonbProperty("dash_url") @JsonbNillable String dashUrl) {

    /** The container of a ladder without the form's container field whose codecs' defaults differ (aac with flac). */
    static final String MIXED = "mixed";
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

    /**
     * @param urls the job's playlist, manifest and download, signed for players when authentication is on; the
     *             download and the manifest are given only while they answer 200: once Completed, until the output
     *             expires, and the manifest only when a rendition is fragmented MP4
     */
    public static JobView of(TranscodeJob job, PlaybackUrls urls) {
        boolean servable = job.status() == JobStatus.Completed && !job.outputExpired();
        boolean fragmented = job.renditions().stream().anyMatch(r -> r.settings().isFragmented());
        return new JobView(job.id(), job.trackId(), job.status().name(), job.progress(),
                iso(job.createdAt()), iso(job.startedAt()), iso(job.completedAt()), job.error(),
                job.priority().apiName(), job.owner(), job.claimedBy(), job.outputExpired(),
                job.outputExpired() ? OUTPUT_EXPIRED : null,
                Source.of(job.source()), LoudnessView.of(job), urls.hls(),
                container(job), servable ? urls.download() : null, servable && fragmented ? urls.dash() : null);
    }

    /** The one container of every rendition ("ts" or "cmaf"), or "mixed" when a ladder's rungs kept different defaults. */
    private static String container(TranscodeJob job) {
        List<String> containers = job.renditions().stream().map(Rendition::container).distinct()
                .map(container -> container.apiName).toList();
        return containers.size() == 1 ? containers.get(0) : MIXED;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

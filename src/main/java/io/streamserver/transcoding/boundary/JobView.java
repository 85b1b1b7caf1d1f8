package io.streamserver.transcoding.boundary;

import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;

/**
 * A job as GET /v1/stream/job/{id} shows it: the contract's fields, timestamps in ISO-8601 UTC, and whether
 * the retention period has deleted its output (then with a message saying so).
 */
@JsonbNillable
@JsonbPropertyOrder({"id", "trackId", "status", "progress", "createdAt", "startedAt", "completedAt", "error",
        "outputExpired", "message"})
public record JobView(String id,
                      @JsonbProperty("track_id") String trackId,
                      String status,
                      double progress,
                      @JsonbProperty("created_at") String createdAt,
                      @JsonbProperty("started_at") @JsonbNillable String startedAt,
                      @JsonbProperty("completed_at") @JsonbNillable String completedAt,
                      String error,
                      @JsonbProperty("output_expired") boolean outputExpired,
                      String message) {

    static final String OUTPUT_EXPIRED = "the HLS output was deleted after the retention period (STREAM_RETENTION)";

    static JobView of(TranscodeJob job) {
        return new JobView(job.id(), job.trackId(), job.status().name(), job.progress(),
                iso(job.createdAt()), iso(job.startedAt()), iso(job.completedAt()), job.error(),
                job.outputExpired(), job.outputExpired() ? OUTPUT_EXPIRED : null);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}

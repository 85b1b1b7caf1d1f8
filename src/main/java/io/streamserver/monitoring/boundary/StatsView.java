package io.streamserver.monitoring.boundary;

import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.Priority;
import io.streamserver.monitoring.control.JobStatistics;
import io.streamserver.monitoring.control.TimeWindow;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GET /v1/stream/stats: the jobs Pending and Processing now and those that reached a final status within the window,
 * the queue by priority against its limit, and the jobs finished in each bucket of the last hour or day, with the
 * hours of audio that the completed ones held.
 */
@JsonbPropertyOrder({"generatedAt", "jobs", "queue", "queueLimit", "window", "bucketSeconds", "finished"})
public record StatsView(@JsonbProperty("generated_at") String generatedAt,
                        Map<String, Long> jobs,
                        Map<String, Long> queue,
                        @JsonbProperty("queue_limit") long queueLimit,
                        String window,
                        @JsonbProperty("bucket_seconds") long bucketSeconds,
                        List<Bucket> finished) {

    @JsonbPropertyOrder({"from", "completed", "failed", "audioHours"})
    public record Bucket(String from, long completed, long failed, @JsonbProperty("audio_hours") double audioHours) {

        static Bucket of(JobStatistics.Finished finished) {
            return new Bucket(finished.from().toString(), finished.completed(), finished.failed(),
                    finished.audioSeconds() / 3600);
        }
    }

    static StatsView of(Instant now, Map<JobStatus, Long> jobs, Map<Priority, Long> queue, long queueLimit,
                        TimeWindow window, List<JobStatistics.Finished> finished) {
        Map<String, Long> statuses = new LinkedHashMap<>();
        jobs.forEach((status, count) -> statuses.put(status.name(), count));
        Map<String, Long> priorities = new LinkedHashMap<>();
        queue.forEach((priority, count) -> priorities.put(priority.apiName(), count));
        return new StatsView(now.toString(), statuses, priorities, queueLimit, window.apiName(),
                window.bucket().toSeconds(), finished.stream().map(Bucket::of).toList());
    }
}

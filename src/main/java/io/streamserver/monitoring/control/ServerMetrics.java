package io.streamserver.monitoring.control;

import io.streamserver.transcoding.entity.JobStatus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The application metrics that /metrics exports: job counts read from the database at each scrape (so they hold
 * across restarts), and counters of the traffic this server takes.
 */
@ApplicationScoped
public class ServerMetrics {

    static final String JOBS = "stream_jobs";
    static final String QUEUE_DEPTH = "stream_queue_depth";
    static final String TRANSCODE_RATIO = "stream_transcode_seconds_per_audio_second";
    // the exporter appends the unit: stream_uploaded_bytes_total
    static final String UPLOADED_BYTES = "stream_uploaded";
    static final String SEGMENT_REQUESTS = "stream_segment_requests";

    @Inject
    MetricRegistry registry;

    @Inject
    JobStatistics statistics;

    private Counter uploadedBytes;
    private Counter segmentRequests;

    @PostConstruct
    void register() {
        for (JobStatus status : JobStatus.values()) {
            registry.gauge(Metadata.builder().withName(JOBS).withDescription("Jobs in each status").build(),
                    statistics, s -> s.count(status), new Tag("status", status.name()));
        }
        registry.gauge(Metadata.builder().withName(QUEUE_DEPTH).withDescription("Jobs waiting to start (Pending)").build(),
                statistics, s -> s.count(JobStatus.Pending));
        registry.gauge(Metadata.builder().withName(TRANSCODE_RATIO)
                        .withDescription("Seconds of transcoding per second of audio, over the last "
                                + JobStatistics.RECENT_JOBS + " completed jobs").build(),
                statistics, JobStatistics::transcodeSecondsPerAudioSecond);
        uploadedBytes = registry.counter(Metadata.builder().withName(UPLOADED_BYTES)
                .withDescription("Bytes received by POST /v1/stream/transcode").withUnit(MetricUnits.BYTES).build());
        segmentRequests = registry.counter(Metadata.builder().withName(SEGMENT_REQUESTS)
                .withDescription("HLS segment requests answered with 200 or 206").build());
    }

    /** Registers the metrics when the application starts, not at the first request that needs them. */
    void startup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        uploadedBytes.getCount();
    }

    public void uploaded(long bytes) {
        uploadedBytes.inc(bytes);
    }

    public void segmentServed() {
        segmentRequests.inc();
    }
}

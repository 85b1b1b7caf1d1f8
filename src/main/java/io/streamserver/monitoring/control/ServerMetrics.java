package io.streamserver.monitoring.control;

import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.platform.control.ProcessRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The application metrics that /metrics exports in the Prometheus text format: job counts read from the database at
 * each scrape (so they hold across restarts), and counters of the traffic this server takes. The registry is
 * Micrometer's, bundled in the WAR, so that Payara and WildFly export the same names.
 */
@ApplicationScoped
public class ServerMetrics {

    // Micrometer names; the Prometheus export writes them with '_', the unit and _total: stream_uploaded_bytes_total
    static final String JOBS = "stream.jobs";
    static final String QUEUE_DEPTH = "stream.queue.depth";
    static final String TRANSCODE_RATIO = "stream.transcode.seconds.per.audio.second";
    static final String UPLOADED_BYTES = "stream.uploaded";
    static final String SEGMENT_REQUESTS = "stream.segment.requests";
    static final String PROCESSES_STARTED = "stream.processes.started";

    @Inject
    JobStatistics statistics;

    @Inject
    ProcessRunner processes;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Counter uploadedBytes;
    private Counter segmentRequests;

    @PostConstruct
    void register() {
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder(JOBS, statistics, s -> s.count(status)).description("Jobs in each status")
                    .tag("status", status.name()).register(registry);
        }
        Gauge.builder(QUEUE_DEPTH, statistics, s -> s.count(JobStatus.Pending))
                .description("Jobs waiting to start (Pending)").register(registry);
        Gauge.builder(TRANSCODE_RATIO, statistics, JobStatistics::transcodeSecondsPerAudioSecond)
                .description("Seconds of transcoding per second of audio, over the last "
                        + JobStatistics.RECENT_JOBS + " completed jobs").register(registry);
        uploadedBytes = Counter.builder(UPLOADED_BYTES).baseUnit(BaseUnits.BYTES)
                .description("Bytes received by POST /v1/stream/transcode").register(registry);
        segmentRequests = Counter.builder(SEGMENT_REQUESTS)
                .description("HLS segment requests answered with 200 or 206").register(registry);
        FunctionCounter.builder(PROCESSES_STARTED, processes, ProcessRunner::started)
                .description("Programs (ffmpeg, ffprobe) started by this server").register(registry);
    }

    /** Every metric's current value in the Prometheus text format; the gauges query the database now. */
    public String scrape() {
        return registry.scrape();
    }

    public void uploaded(long bytes) {
        uploadedBytes.increment(bytes);
    }

    public void segmentServed() {
        segmentRequests.increment();
    }

    @PreDestroy
    void close() {
        registry.close();
    }
}

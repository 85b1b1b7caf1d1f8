package io.streamserver.jobs.boundary;

import io.streamserver.jobs.control.JobListing;
import io.streamserver.jobs.control.JobView;
import io.streamserver.jobs.control.Jobs;
import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Transactions;
import io.streamserver.security.control.PlaybackTokens;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Pushes job changes to Server-Sent Events clients. No request thread waits: the sinks are registered here,
 * and one shared tick on the container's scheduler reads the watched jobs every 250 ms and sends each sink the
 * job's JSON when it differs from what that sink last got. Polling the database, rather than listening to
 * in-process changes, also sees a job that another server instance on the same database moves.
 */
@ApplicationScoped
public class JobEvents {

    @Inject
    PlaybackTokens playback;

    static final String EVENT_NAME = "job";
    static final Duration TICK = Duration.ofMillis(250);
    /** A comment now and then reveals clients that went away while their job did not change. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final System.Logger LOG = System.getLogger(JobEvents.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    Jobs jobs;

    @Inject
    JobListing listing;

    @Inject
    Transactions transactions;

    private final Map<SseEventSink, Watch> watches = new ConcurrentHashMap<>();
    private ScheduledFuture<?> tick;

    /** One client watching one job: what it was sent last, and when. */
    private static final class Watch {
        final String jobId;
        final Sse sse;
        JobView last;
        Instant lastSent = Instant.now();

        Watch(String jobId, Sse sse) {
            this.jobId = jobId;
            this.sse = sse;
        }
    }

    @PostConstruct
    void start() {
        tick = scheduler.scheduleAtFixedRate(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends the job's current state at once, then every change; a finished job gets one event and the end. */
    public void watch(String jobId, SseEventSink sink, Sse sse) {
        TranscodeJob job = jobs.requested(jobId);
        Watch watch = new Watch(job.id(), sse);
        watch.last = JobView.of(job, playback.urls(job.id()));
        if (!send(sink, watch, eventOf(watch, watch.last)) || job.status().isFinal()) {
            sink.close();
            return;
        }
        watches.put(sink, watch);
    }

    /** Never throws: an exception would cancel the fixed-rate schedule for every client. */
    void tick() {
        if (watches.isEmpty()) {
            return;
        }
        try {
            // the views are made in the reading transaction: a running job's progress is read from its renditions
            Map<String, JobView> views = transactions.call(() -> listing.current(
                    watches.values().stream().map(w -> w.jobId).distinct().toList()).stream()
                    .collect(Collectors.toMap(TranscodeJob::id, job -> JobView.of(job, playback.urls(job.id())))));
            watches.forEach((sink, watch) -> {
                JobView view = views.get(watch.jobId);
                if (sink.isClosed() || view == null) {
                    end(sink);
                    return;
                }
                if (!view.equals(watch.last)) {
                    watch.last = view;
                    if (!send(sink, watch, eventOf(watch, view)) || JobStatus.valueOf(view.status()).isFinal()) {
                        end(sink);
                    }
                } else if (watch.lastSent.plus(KEEP_ALIVE).isBefore(Instant.now())
                        && !send(sink, watch, watch.sse.newEventBuilder().comment("still watching").build())) {
                    end(sink);
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job events: a tick failed; the next one retries", e);
        }
    }

    private static OutboundSseEvent eventOf(Watch watch, JobView view) {
        return watch.sse.newEventBuilder()
                .name(EVENT_NAME)
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(JobView.class, view)
                .build();
    }

    /** False when the client is known to be gone; a write that fails later ends the watch then. */
    private boolean send(SseEventSink sink, Watch watch, OutboundSseEvent event) {
        try {
            sink.send(event).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.log(Level.DEBUG, "job {0}: an events client went away", watch.jobId);
                    end(sink);
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
        watch.lastSent = Instant.now();
        return true;
    }

    private void end(SseEventSink sink) {
        watches.remove(sink);
        try {
            sink.close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "an events stream was already broken", e);
        }
    }

    @PreDestroy
    void stop() {
        tick.cancel(false);
        watches.keySet().forEach(this::end);
    }
}

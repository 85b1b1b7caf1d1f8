package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.Transactions;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deletes a completed job's HLS output once STREAM_RETENTION has passed, checking every
 * stream.retention-check-period on the container's scheduler. The job is marked first, so it never
 * offers a playlist whose segments are gone; it keeps its row and reports that its output expired.
 */
@ApplicationScoped
public class OutputRetention {

    private static final System.Logger LOG = System.getLogger(OutputRetention.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @PersistenceContext
    EntityManager em;

    @Inject
    Jobs jobs;

    @Inject
    Transactions transactions;

    @Inject
    DataDirectory data;

    @Inject
    @ConfigProperty(name = "stream.retention")
    Duration retention;

    @Inject
    @ConfigProperty(name = "stream.retention-check-period")
    Duration checkPeriod;

    private ScheduledFuture<?> task;

    void schedule(@Observes Startup startup) {
        long period = Math.max(1, checkPeriod.toMillis());
        task = scheduler.scheduleAtFixedRate(this::expireDue, period, period, TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "outputs are kept for {0}, checked every {1}", retention, checkPeriod);
    }

    /** One pass; it never throws, since an exception would end the schedule. */
    void expireDue() {
        try {
            for (String jobId : transactions.call(() -> outputsToExpire(Instant.now().minus(retention)))) {
                try {
                    transactions.run(() -> jobs.existing(jobId).expireOutput());
                    data.removeJobFolder(jobId);
                    LOG.log(Level.INFO, "job {0}: output deleted after the retention period of {1}", jobId, retention);
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "job " + jobId + ": cannot expire its output", e);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the retention check failed; the next one retries", e);
        }
    }

    /** Completed jobs that finished before the cutoff and still have their output. */
    private List<String> outputsToExpire(Instant cutoff) {
        return em.createNamedQuery(TranscodeJob.OUTPUTS_TO_EXPIRE, String.class)
                .setParameter("completed", JobStatus.Completed)
                .setParameter("cutoff", cutoff)
                .getResultList();
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

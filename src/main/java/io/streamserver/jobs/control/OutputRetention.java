package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Transactions;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keeps the data directory from growing without bound, checking every stream.retention-check-period on the
 * container's scheduler. Once STREAM_RETENTION has passed, a completed job's HLS output is deleted, and a failed or
 * cancelled job's upload and files, which a retry no longer may use. The job is marked first, so it never offers a
 * playlist whose segments are gone, nor a retry without its source. Its row stays, and says so, until
 * STREAM_JOB_ROW_RETENTION (unset: forever) has passed too; then the row goes with its segments and renditions.
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
    JobFiles files;

    @Inject
    @ConfigProperty(name = "stream.retention")
    Duration retention;

    @Inject
    @ConfigProperty(name = "stream.retention-check-period")
    Duration checkPeriod;

    @Inject
    @ConfigProperty(name = "stream.job-row-retention")
    Optional<Duration> rowRetention;

    private ScheduledFuture<?> task;

    void schedule(@Observes Startup startup) {
        long period = Math.max(1, checkPeriod.toMillis());
        task = scheduler.scheduleAtFixedRate(this::expireDue, period, period, TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "outputs are kept for {0}, job rows {1}, checked every {2}", retention,
                rowRetention.map(Duration::toString).orElse("forever"), checkPeriod);
    }

    /** One pass; it never throws, since an exception would end the schedule. */
    void expireDue() {
        try {
            Instant cutoff = Instant.now().minus(retention);
            List<String> outputs = transactions.call(() -> em.createNamedQuery(TranscodeJob.OUTPUTS_TO_EXPIRE, String.class)
                    .setParameter("completed", JobStatus.Completed).setParameter("cutoff", cutoff).getResultList());
            expire(outputs, "output", job -> {
                job.expireOutput();
                return null;
            });
            expire(ended(TranscodeJob.UPLOADS_TO_RELEASE, cutoff), "upload and files", job -> {
                String upload = job.sourceFile();
                job.releaseSource();
                return upload;
            });
            if (rowRetention.isPresent()) {
                expire(ended(TranscodeJob.ROWS_TO_DELETE, Instant.now().minus(rowRetention.get())), "row", job -> {
                    String upload = job.sourceFile();
                    em.remove(job); // its segments and renditions go with it
                    return upload;
                });
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the retention check failed; the next one retries", e);
        }
    }

    /**
     * Changes each job in a transaction of its own, then deletes its folder and the upload the change returned
     * (or null): the job says its files are gone before they are.
     */
    private void expire(List<String> jobIds, String what, Function<TranscodeJob, String> change) {
        for (String jobId : jobIds) {
            try {
                String upload = transactions.call(() -> change.apply(jobs.existing(jobId)));
                files.removeJobFolder(jobId);
                if (upload != null) {
                    files.deleteUpload(upload);
                }
                LOG.log(Level.INFO, "job {0}: {1} deleted after the retention period", jobId, what);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "job " + jobId + ": cannot delete its " + what, e);
            }
        }
    }

    /** Failed, cancelled (and, for rows, completed) jobs that ended before the cutoff. */
    private List<String> ended(String query, Instant cutoff) {
        Set<JobStatus> ended = query.equals(TranscodeJob.ROWS_TO_DELETE)
                ? EnumSet.of(JobStatus.Completed, JobStatus.Failed, JobStatus.Cancelled)
                : EnumSet.of(JobStatus.Failed, JobStatus.Cancelled);
        return transactions.call(() -> em.createNamedQuery(query, String.class)
                .setParameter("ended", ended).setParameter("cutoff", cutoff).getResultList());
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}

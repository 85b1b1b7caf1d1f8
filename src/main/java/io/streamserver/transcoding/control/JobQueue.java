package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue of Pending jobs as the database holds it, shared by every server on that database: its order (urgent,
 * then normal, then background, oldest first) and the exclusive claim of its head.
 */
@ApplicationScoped
public class JobQueue {

    /** How far down the queue a claim looks past jobs that another server claimed at the same moment. */
    static final int CANDIDATES = 16;

    @PersistenceContext
    EntityManager em;

    /**
     * Claims the first queued job for this server. The version check makes the claim exclusive between servers: the
     * loser's commit fails with an optimistic lock exception, and its dispatcher simply claims again.
     */
    @Transactional
    public Optional<TranscodeJob> claimNext(String instance) {
        List<String> queued = em.createNamedQuery(TranscodeJob.QUEUE, String.class).setMaxResults(CANDIDATES).getResultList();
        return queued.stream()
                .map(id -> em.find(TranscodeJob.class, id))
                .filter(Objects::nonNull)
                .filter(job -> job.status() == JobStatus.Pending)
                .findFirst()
                .map(job -> {
                    job.claim(instance);
                    em.flush();
                    return job;
                });
    }

    /**
     * Returns the jobs this server had claimed to the queue, where they resume after their last recorded segment.
     * Their batch executions, which no server runs any more, are the caller's to settle.
     */
    @Transactional
    public List<TranscodeJob> requeueClaimedBy(String instance) {
        List<TranscodeJob> claimed = em.createNamedQuery(TranscodeJob.CLAIMED_BY, String.class)
                .setParameter("instance", instance).getResultStream()
                .map(id -> em.find(TranscodeJob.class, id)).toList();
        claimed.forEach(TranscodeJob::requeue);
        return claimed;
    }

    /** A claimed job whose batch job could not even start. */
    @Transactional
    public void failToStart(String jobId) {
        em.find(TranscodeJob.class, jobId).fail("the batch job could not start");
    }
}

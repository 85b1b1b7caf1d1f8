package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.Loudness;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Moves jobs through their states, one transaction per move; the entity itself decides what is legal. */
@ApplicationScoped
public class JobLifecycle {

    @PersistenceContext
    EntityManager em;

    /** Persists a new job; its batch job may start once this has returned, so that it sees the row. */
    @Transactional
    public TranscodeJob enqueue(TranscodeJob job) {
        em.persist(job);
        return job;
    }

    /**
     * The job, or empty for an unknown or malformed id. Reads run in a transaction too: a non-transactional
     * entity manager is bound to the calling component's invocation, which dispatcher threads do not have.
     */
    @Transactional
    public Optional<TranscodeJob> find(String jobId) {
        if (!DataDirectory.isUuid(jobId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(TranscodeJob.class, DataDirectory.canonicalUuid(jobId)));
    }

    /**
     * The job with its segments, read in a transaction of its own, for batch threads: Payara may close a
     * non-transactional persistence context under a job thread once its partitions have run.
     */
    @Transactional
    public TranscodeJob load(String jobId) {
        TranscodeJob job = existing(jobId);
        job.segments().size();
        return job;
    }

    /** The first queued job ids, in the order they should get a worker. */
    @Transactional
    public List<String> queue(int max) {
        return em.createNamedQuery(TranscodeJob.QUEUE, String.class).setMaxResults(max).getResultList();
    }

    /**
     * Claims a queued job for this instance. The version check makes the claim exclusive even between
     * server instances sharing the database: the loser's commit fails with an optimistic lock exception.
     */
    @Transactional
    public Optional<TranscodeJob> claim(String jobId, String instance) {
        TranscodeJob job = em.find(TranscodeJob.class, jobId);
        if (job == null || job.status() != JobStatus.Pending) {
            return Optional.empty();
        }
        job.claim(instance);
        em.flush();
        return Optional.of(job);
    }

    /** Returns the jobs this instance had claimed to the queue; they resume where they were. */
    @Transactional
    public List<String> requeueClaimedBy(String instance) {
        List<String> ids = em.createNamedQuery(TranscodeJob.CLAIMED_BY, String.class)
                .setParameter("instance", instance).getResultList();
        ids.forEach(id -> em.find(TranscodeJob.class, id).requeue());
        return ids;
    }

    @Transactional
    public boolean started(String jobId, long executionId) {
        return existing(jobId).start(executionId);
    }

    @Transactional
    public TranscodeJob completed(String jobId) {
        TranscodeJob job = existing(jobId);
        job.complete();
        return job;
    }

    @Transactional
    public TranscodeJob failed(String jobId, String reason) {
        TranscodeJob job = existing(jobId);
        job.fail(reason);
        return job;
    }

    /** Records a finished segment in a transaction of its own; see {@link SegmentWriter}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordSegment(String jobId, EncodedSegment segment) {
        TranscodeJob job = existing(jobId);
        job.recordSegment(segment.rendition(), segment.sequence(), segment.fileName(), segment.durationSeconds(),
                segment.bytes());
        em.flush();
    }

    /** In a transaction of its own, so that a chunk's transaction never holds the job row; see {@link SegmentWriter}. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public TranscodeJob measured(String jobId, Loudness loudness) {
        TranscodeJob job = existing(jobId);
        job.measured(loudness);
        return job;
    }

    @Transactional
    public TranscodeJob normalised(String jobId, Loudness loudness) {
        TranscodeJob job = existing(jobId);
        job.normalised(loudness);
        return job;
    }

    /**
     * Completed jobs that finished before the cutoff and still have their output. In a transaction, because
     * the scheduler's threads have no request whose end would keep a query's entity manager open.
     */
    @Transactional
    public List<String> outputsToExpire(Instant cutoff) {
        return em.createNamedQuery(TranscodeJob.OUTPUTS_TO_EXPIRE, String.class)
                .setParameter("completed", JobStatus.Completed)
                .setParameter("cutoff", cutoff)
                .getResultList();
    }

    @Transactional
    public TranscodeJob outputExpired(String jobId) {
        TranscodeJob job = existing(jobId);
        job.expireOutput();
        return job;
    }

    @Transactional
    public TranscodeJob requeue(String jobId) {
        TranscodeJob job = existing(jobId);
        job.requeue();
        return job;
    }

    /** @return the job as it was before (its status says whether it was queued or running) */
    @Transactional
    public JobStatus cancel(String jobId) {
        TranscodeJob job = existing(jobId);
        JobStatus before = job.status();
        job.cancel();
        // a collision with the segment writer fails here as a PersistenceException, not later in the commit
        em.flush();
        return before;
    }

    @Transactional
    public TranscodeJob retry(String jobId) {
        TranscodeJob job = existing(jobId);
        job.retry();
        return job;
    }

    private TranscodeJob existing(String jobId) {
        return find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    }
}

package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.transcoding.entity.Loudness;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

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

    /** The job, or empty for an unknown or malformed id. */
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

    @Transactional
    public TranscodeJob started(String jobId, long executionId) {
        TranscodeJob job = existing(jobId);
        job.start(executionId);
        return job;
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

    @Transactional
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

    private TranscodeJob existing(String jobId) {
        return find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    }
}

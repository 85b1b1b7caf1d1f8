package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Uuids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/**
 * Finds jobs by the id a client sent: what the other components (playback, console, monitoring) use to reach a job.
 * Callers read inside their own transaction, so that the job's lazy parts load on every JPA provider.
 */
@ApplicationScoped
public class Jobs {

    @PersistenceContext
    EntityManager em;

    /** The job, or empty for an unknown or malformed id. */
    public Optional<TranscodeJob> find(String jobId) {
        if (!Uuids.isUuid(jobId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(TranscodeJob.class, Uuids.canonical(jobId)));
    }

    /**
     * The job as its status shows it, read in one query and without a transaction: detached, with its ladder and its
     * renditions' progress loaded, so that {@link TranscodeJob#progress()} needs no more reads on any JPA provider.
     */
    public Optional<TranscodeJob> status(String jobId) {
        if (!Uuids.isUuid(jobId)) {
            return Optional.empty();
        }
        return em.createNamedQuery(TranscodeJob.STATUS, TranscodeJob.class)
                .setParameter("id", Uuids.canonical(jobId)).getResultStream().findFirst();
    }

    /**
     * The job, its row locked until the transaction ends, for a change that must not lose a race with the segment
     * writer, such as a cancel.
     */
    public Optional<TranscodeJob> findForUpdate(String jobId) {
        if (!Uuids.isUuid(jobId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(TranscodeJob.class, Uuids.canonical(jobId),
                LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * The job for a write of the server's claim under that epoch, which must still hold it; a server that lost the
     * job (taken over, cancelled, queued again) gets a LeaseLostException and writes nothing. The row stays locked
     * until the transaction ends, so that no takeover commits between the check and a write that leaves the job's
     * row alone, such as a segment's (a claim passes a locked row over).
     */
    public TranscodeJob heldBy(String jobId, String instance, long epoch) {
        TranscodeJob job = em.find(TranscodeJob.class, Uuids.canonical(jobId), LockModeType.PESSIMISTIC_READ);
        if (job == null) {
            throw new IllegalStateException("no job " + jobId);
        }
        return job.heldBy(instance, epoch);
    }

    /** The job a client asked for by id; a NoSuchJobException (404) when there is none. */
    public TranscodeJob requested(String jobId) {
        return find(jobId).orElseThrow(NoSuchJobException::new);
    }

    /** A job that the batch runtime or the dispatcher was given: it exists, or something is badly wrong. */
    public TranscodeJob existing(String jobId) {
        return find(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    }

    /**
     * As {@link #existing}, its row locked until the transaction ends: for the job's own writers that race with a
     * user's cancel or retry, which would otherwise lose to it with an optimistic-lock conflict.
     */
    public TranscodeJob existingForUpdate(String jobId) {
        return findForUpdate(jobId).orElseThrow(() -> new IllegalStateException("no job " + jobId));
    }
}

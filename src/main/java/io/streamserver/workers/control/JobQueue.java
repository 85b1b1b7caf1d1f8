package io.streamserver.workers.control;

import io.streamserver.jobs.control.JobStateChanged;
import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

/**
 * The queue of jobs as the database holds it, shared by every server on that database: its order (urgent, then
 * normal, then background, oldest first), and the exclusive claim of its head, which is a Pending job or one whose
 * holder let its lease expire.
 */
@ApplicationScoped
public class JobQueue {

    /**
     * The head of the queue, locked. SKIP LOCKED passes over a row that another server is claiming at this moment,
     * so claims on PostgreSQL never wait for each other; H2 takes the same statement.
     */
    private static final String HEAD = "SELECT ID FROM TRANSCODE_JOB"
            + " WHERE (STATUS = 'Pending' OR STATUS = 'Processing' AND (LEASE_EXPIRES_AT IS NULL OR LEASE_EXPIRES_AT < ?1))%s"
            + " ORDER BY PRIORITY_RANK, CREATED_AT, ID FETCH FIRST 1 ROWS ONLY FOR UPDATE SKIP LOCKED";

    /** The head's statement: parameter 1 is now, parameters 2 and on the ids of the jobs to pass over. */
    static String head(int passedOver) {
        StringBuilder excluded = new StringBuilder();
        for (int i = 0; i < passedOver; i++) {
            excluded.append(i == 0 ? " AND ID NOT IN (" : ", ").append('?').append(i + 2);
        }
        return HEAD.formatted(passedOver == 0 ? "" : excluded.append(')'));
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<JobStateChanged> changed;

    /**
     * A claimed job: its epoch, and the batch execution that the previous holder left running if this claim took
     * the job over from a server whose lease expired.
     */
    public record Claim(TranscodeJob job, long epoch, Long abandonedExecution, String previousHolder) {
    }

    /**
     * Claims the head of the queue for this server, skipping the jobs it still runs (an execution winding down after
     * it lost the job), if the slots it needs are free: the queue's order is kept, so a ladder at the head waits for
     * its slots rather than being overtaken for good. The head is chosen and locked by one statement, then claimed
     * through the entity.
     *
     * @param slots how many worker slots a job of that many renditions needs
     */
    @Transactional
    public Optional<Claim> claimNext(String instance, Duration lease, Collection<String> stillRunning, int freeSlots,
                                     IntUnaryOperator slots) {
        Instant now = Instant.now();
        Query head = em.createNativeQuery(head(stillRunning.size())).setParameter(1, now.atOffset(ZoneOffset.UTC));
        int position = 2;
        for (String jobId : stillRunning) {
            head.setParameter(position++, jobId);
        }
        List<?> ids = head.getResultList();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        TranscodeJob job = em.find(TranscodeJob.class, ids.get(0).toString());
        if (slots.applyAsInt(job.renditions().size()) > freeSlots) {
            return Optional.empty();
        }
        boolean takeover = job.status() == JobStatus.Processing;
        Long abandoned = takeover ? job.executionId() : null;
        String previousHolder = job.claimedBy();
        long epoch = job.claim(instance, now, lease);
        em.flush();
        return Optional.of(new Claim(job, epoch, abandoned, takeover ? previousHolder : null));
    }

    /**
     * Returns the jobs that this instance id held to the queue, where they resume after their last recorded segment:
     * a restarted server takes its own work back at once instead of waiting for the leases to expire. Were the id
     * still in use by a live server, fencing would stop that one. Their batch executions are the caller's to settle.
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
    public void failToStart(String jobId, String instance, long epoch) {
        TranscodeJob job = em.find(TranscodeJob.class, jobId).heldBy(instance, epoch);
        job.fail("the batch job could not start");
        changed.fire(new JobStateChanged(job, JobStateChanged.Change.FAILED));
    }
}

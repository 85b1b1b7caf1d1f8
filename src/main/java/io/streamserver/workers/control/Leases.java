package io.streamserver.workers.control;

import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The claims that this server holds on jobs, as the shared database sees them: renewing their leases, finding those
 * it lost (taken over, cancelled, queued again), and confirming that a cancelled one has stopped.
 */
@ApplicationScoped
public class Leases {

    private static final String RENEW = "UPDATE TRANSCODE_JOB SET LEASE_EXPIRES_AT = ?1"
            + " WHERE ID = ?2 AND EPOCH = ?3 AND CLAIMED_BY = ?4 AND STATUS = 'Processing'";

    @PersistenceContext
    EntityManager em;

    /** How long a claim stands without renewal: a dead server's jobs wait this long before another takes them. */
    @Inject
    @ConfigProperty(name = "stream.lease-duration")
    Duration duration;

    /** How often the holder renews its claims; a few renewals fit in one lease, so one late one costs nothing. */
    @Inject
    @ConfigProperty(name = "stream.heartbeat-period")
    Duration heartbeat;

    public Duration duration() {
        return duration;
    }

    public Duration heartbeat() {
        return heartbeat;
    }

    /**
     * Renews the claims (job id to epoch) that still hold. The statement is SQL, not JPQL, because EclipseLink's bulk
     * update would raise the row's version, and then the job's own writers of this very claim would collide with it;
     * the lease column is no business of theirs.
     */
    @Transactional
    public void renew(String instance, Map<String, Long> claims) {
        OffsetDateTime until = Instant.now().plus(duration).atOffset(ZoneOffset.UTC);
        claims.forEach((jobId, epoch) -> em.createNativeQuery(RENEW).setParameter(1, until).setParameter(2, jobId)
                .setParameter(3, epoch).setParameter(4, instance).executeUpdate());
    }

    /**
     * The claims (job id to epoch) that no longer hold, each with whether it ended by a cancel of that claim: taken
     * over (another epoch or holder), queued again, or cancelled. A claim whose job it completed or failed itself is
     * not revoked: its execution is ending anyway.
     */
    @Transactional
    public Map<String, Boolean> revoked(String instance, Map<String, Long> claims) {
        Map<String, Boolean> revoked = new HashMap<>();
        if (claims.isEmpty()) {
            return revoked;
        }
        Map<String, Object[]> now = new HashMap<>();
        em.createNamedQuery(TranscodeJob.CLAIMS, Object[].class).setParameter("ids", claims.keySet()).getResultList()
                .forEach(row -> now.put((String) row[0], row));
        claims.forEach((jobId, epoch) -> {
            Object[] row = now.get(jobId);
            boolean sameClaim = row != null && ((Number) row[2]).longValue() == epoch && Objects.equals(row[3], instance);
            if (!sameClaim || row[1] == JobStatus.Pending || row[1] == JobStatus.Cancelled) {
                revoked.put(jobId, sameClaim && row[1] == JobStatus.Cancelled);
            }
        });
        return revoked;
    }

    /**
     * The holder of a cancelled job has stopped its processes. Both the cancel and the job's listener confirm it, at
     * about the same moment, so the row is locked first: unlocked, one of them lost with an optimistic-lock conflict.
     */
    @Transactional
    public void release(String jobId, String instance, long epoch) {
        TranscodeJob job = em.find(TranscodeJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        if (job != null) {
            job.release(instance, epoch);
        }
    }

    /** Whether a cancelled job's holder has yet to confirm that it stopped, while its lease runs. */
    @Transactional
    public boolean awaitsRelease(String jobId) {
        TranscodeJob job = em.find(TranscodeJob.class, jobId);
        return job != null && job.awaitsRelease(Instant.now());
    }
}

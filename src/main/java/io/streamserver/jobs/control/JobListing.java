package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.Priority;
import io.streamserver.jobs.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pages through the jobs, newest first, by keyset: a page never skips or repeats a job while others arrive, and
 * holds only jobs its caller may see.
 */
@ApplicationScoped
public class JobListing {

    @PersistenceContext
    EntityManager em;

    /** One page of jobs, and the cursor of the next page when there is one. */
    public record Page(List<TranscodeJob> jobs, Optional<JobCursor> next) {
    }

    /** @param owner the only owner whose jobs are listed, or null for every job */
    public Page page(Set<JobStatus> statuses, Set<Priority> priorities, int limit, JobCursor after, String owner) {
        TypedQuery<TranscodeJob> query;
        if (after == null) {
            query = em.createNamedQuery(TranscodeJob.NEWEST, TranscodeJob.class);
        } else {
            query = em.createNamedQuery(TranscodeJob.OLDER_THAN, TranscodeJob.class)
                    .setParameter("createdAt", after.createdAt())
                    .setParameter("id", after.id());
        }
        // one more than asked says whether another page follows; the owner is filtered here, so pages stay full
        List<TranscodeJob> found = query.setParameter("statuses", statuses)
                .setParameter("priorities", priorities)
                .setParameter("everyOwner", owner == null)
                .setParameter("owner", owner == null ? "" : owner)
                .setMaxResults(limit + 1)
                .getResultList();
        if (found.size() <= limit) {
            return new Page(found, Optional.empty());
        }
        List<TranscodeJob> jobs = found.subList(0, limit);
        return new Page(jobs, Optional.of(JobCursor.after(jobs.get(limit - 1))));
    }

    /** The current state of the given jobs, in one query. */
    public List<TranscodeJob> current(Collection<String> jobIds) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery(TranscodeJob.BY_IDS, TranscodeJob.class)
                .setParameter("ids", jobIds)
                .getResultList();
    }
}

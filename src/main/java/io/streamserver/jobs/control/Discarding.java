package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Optional;

/**
 * Discards a job that is done with (completed, failed or cancelled): its row goes with its segments and renditions
 * in a short transaction, then its folder and its upload. The row goes first, so that nothing offers files that are
 * about to be deleted; a folder left behind by a failed delete holds nothing that anyone can reach.
 */
@ApplicationScoped
public class Discarding {

    private static final System.Logger LOG = System.getLogger(Discarding.class.getName());

    @Inject
    Jobs jobs;

    @Inject
    Transactions transactions;

    @Inject
    JobFiles files;

    @PersistenceContext
    EntityManager em;

    private record Discarded(String jobId, String upload) {
    }

    /**
     * @return the discarded job's id, or empty for an unknown id
     * @throws io.streamserver.jobs.entity.IllegalTransitionException for a job that is queued or running
     */
    public Optional<String> discard(String jobId) throws IOException {
        Optional<Discarded> discarded = transactions.call(() -> jobs.findForUpdate(jobId).map(job -> {
            String upload = job.discard(Instant.now());
            em.remove(job);
            return new Discarded(job.id(), upload);
        }));
        if (discarded.isEmpty()) {
            return Optional.empty();
        }
        String id = discarded.get().jobId();
        files.removeJobFolder(id);
        if (discarded.get().upload() != null) {
            files.deleteUpload(discarded.get().upload());
        }
        LOG.log(Level.INFO, "job {0}: discarded with its files", id);
        return Optional.of(id);
    }
}

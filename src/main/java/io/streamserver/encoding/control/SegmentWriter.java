package io.streamserver.encoding.control;

import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.control.EncodedSegment;
import io.streamserver.platform.control.Transactions;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/**
 * Records each finished segment in its rendition's progress, in a short transaction of its own, if this server's
 * claim on the job still holds: the recorded segments are where a restart resumes. It writes the rendition's own row and the
 * segment's, never the job's, so a ladder's partitions do not contend; a recorded segment is never recorded twice, so
 * a restart stays consistent.
 */
@Named
@Dependent
public class SegmentWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty
    String jobId;

    /** The epoch of this server's claim on the job, which each segment's commit checks. */
    @Inject
    @BatchProperty
    String epoch;

    @Inject
    ClaimedJobs claims;

    @Inject
    Transactions transactions;

    @PersistenceContext
    EntityManager em;

    @Override
    public void writeItems(List<Object> items) {
        transactions.runAlone(() -> {
            TranscodeJob job = claims.held(jobId, epoch);
            for (Object item : items) {
                EncodedSegment segment = (EncodedSegment) item;
                job.recordSegment(segment.rendition(), segment.sequence(), segment.fileName(), segment.durationSeconds(),
                        segment.bytes()).ifPresent(em::persist);
            }
        });
    }
}

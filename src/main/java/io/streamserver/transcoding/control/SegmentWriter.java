package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/** Records finished segments and the job's progress in the chunk's transaction, which is also the checkpoint's. */
@Named
@Dependent
public class SegmentWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty
    String jobId;

    @PersistenceContext
    EntityManager em;

    @Override
    public void writeItems(List<Object> items) {
        // a ladder's partitions write in parallel: the row lock makes them take turns instead of failing on @Version
        TranscodeJob job = em.find(TranscodeJob.class, jobId, LockModeType.PESSIMISTIC_WRITE);
        for (Object item : items) {
            EncodedSegment segment = (EncodedSegment) item;
            job.recordSegment(segment.rendition(), segment.sequence(), segment.fileName(), segment.durationSeconds(),
                    segment.bytes());
        }
    }
}

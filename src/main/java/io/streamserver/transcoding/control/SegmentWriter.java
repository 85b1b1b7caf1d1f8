package io.streamserver.transcoding.control;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.OptimisticLockException;

import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Records each finished segment and the job's progress, in a short transaction of its own that commits before
 * the chunk's checkpoint. A ladder's partitions record in parallel: one that loses the race on the job's
 * version simply records again; a recorded segment is never recorded twice, so a restart stays consistent.
 */
@Named
@Dependent
public class SegmentWriter extends AbstractItemWriter {

    private static final System.Logger LOG = System.getLogger(SegmentWriter.class.getName());
    static final int ATTEMPTS = 20;

    @Inject
    @BatchProperty
    String jobId;

    @Inject
    JobLifecycle lifecycle;

    @Override
    public void writeItems(List<Object> items) throws InterruptedException {
        for (Object item : items) {
            record((EncodedSegment) item);
        }
    }

    private void record(EncodedSegment segment) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                lifecycle.recordSegment(jobId, segment);
                return;
            } catch (RuntimeException e) {
                if (!isOptimisticLock(e) || attempt == ATTEMPTS) {
                    throw e;
                }
                LOG.log(Level.DEBUG, "job {0}: segment {1} of {2} recorded again after a concurrent update", jobId,
                        segment.sequence(), segment.rendition());
                Thread.sleep(attempt * 10L);
            }
        }
    }

    static boolean isOptimisticLock(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // the provider's own exception may arrive unwrapped when the conflict shows at commit
            if (cause instanceof OptimisticLockException
                    || cause.getClass().getSimpleName().equals("OptimisticLockException")) {
                return true;
            }
        }
        return false;
    }
}

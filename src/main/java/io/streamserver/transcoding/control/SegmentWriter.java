package io.streamserver.transcoding.control;

import io.streamserver.platform.control.Transactions;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.persistence.OptimisticLockException;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Records each finished segment and the job's progress, in a short transaction of its own that commits before
 * the chunk's checkpoint, if this server's claim on the job still holds. A ladder's partitions record into the same job row, so they take turns in this server, and
 * one that still loses the race on the row's version records again; a recorded segment is never recorded twice, so a
 * restart stays consistent.
 */
@Named
@Dependent
public class SegmentWriter extends AbstractItemWriter {

    static final int ATTEMPTS = 20;
    /** Striped by job: without turns, a 3-rung ladder's partitions collided some 25 times per job, each a logged warning. */
    private static final Object[] JOB_LOCKS = IntStream.range(0, 64).mapToObj(i -> new Object()).toArray();

    @Inject
    @BatchProperty
    String jobId;

    /** The epoch of this server's claim on the job, which each segment's commit checks. */
    @Inject
    @BatchProperty
    String epoch;

    @Inject
    Jobs jobs;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Transactions transactions;

    @Override
    public void writeItems(List<Object> items) throws InterruptedException {
        for (Object item : items) {
            record((EncodedSegment) item);
        }
    }

    private void record(EncodedSegment segment) throws InterruptedException {
        retryOnConflict(jobId, () -> transactions.runAlone(() -> jobs.heldBy(jobId, dispatcher.instance(), Long.parseLong(epoch)).recordSegment(segment.rendition(),
                segment.sequence(), segment.fileName(), segment.durationSeconds(), segment.bytes())));
    }

    /**
     * Runs a short write to the job's row, taking turns with this server's other writers to the same job; again when
     * it still lost the race on the row's version (to another server, or a cancel).
     */
    static void retryOnConflict(String jobId, Runnable write) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                synchronized (JOB_LOCKS[Math.floorMod(jobId.hashCode(), JOB_LOCKS.length)]) {
                    write.run();
                }
                return;
            } catch (RuntimeException e) {
                if (!isOptimisticLock(e) || attempt == ATTEMPTS) {
                    throw e;
                }
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

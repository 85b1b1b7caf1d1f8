package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.Transactions;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.Optional;

/**
 * Cancels a job, and carries the cancel out before the API answers: a running job has its ffmpeg killed at once and
 * its batch execution stopped, and its files go when the execution ends; a queued one has its folder removed. The
 * upload stays, so that the job can be retried.
 */
@ApplicationScoped
public class Cancellation {

    @Inject
    Jobs jobs;

    @Inject
    Transactions transactions;

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    BatchExecutions batch;

    @Inject
    DataDirectory data;

    /** What a committed cancel still has to stop. */
    private record Cancelled(TranscodeJob job, boolean changed, boolean wasRunning) {
    }

    /**
     * Cancels a queued or running job; repeating it changes nothing. The row is locked, so that the cancel never loses
     * a race with the segment writer. The processes and the batch execution are stopped once the cancel has
     * committed, outside the transaction, which the batch runtime's stop must not join.
     *
     * @return the cancelled job, or empty for an unknown id
     */
    public Optional<TranscodeJob> cancel(String jobId) throws IOException {
        Optional<Cancelled> cancelled = transactions.call(() -> jobs.findForUpdate(jobId).map(job -> {
            boolean wasRunning = job.status() == JobStatus.Processing;
            return new Cancelled(job, job.cancel(), wasRunning);
        }));
        if (cancelled.isEmpty()) {
            return Optional.empty();
        }
        TranscodeJob job = cancelled.get().job();
        if (cancelled.get().changed() && cancelled.get().wasRunning()) {
            ffmpeg.kill(job.id());
            if (job.executionId() != null) {
                batch.stop(job.id(), job.executionId());
            }
        } else if (cancelled.get().changed()) {
            data.removeJobFolder(job.id());
        }
        return Optional.of(job);
    }
}

package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.JobStatus;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.platform.control.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.Optional;

/**
 * Cancels a job. A running job's cancel is announced as {@link JobCancelled} once it has committed; the workers
 * component observes it and stops the job's work, here or on the server that runs it, before the API answers. A
 * queued job has its folder removed. The upload stays, so that the job can be retried.
 */
@ApplicationScoped
public class Cancellation {

    @Inject
    Jobs jobs;

    @Inject
    Transactions transactions;

    @Inject
    JobFiles files;

    @Inject
    Event<JobCancelled> cancelledWhileRunning;

    @Inject
    Event<JobStateChanged> changed;

    /** What a committed cancel still has to stop: the claim it was cancelled under, if the job was running. */
    private record Cancelled(TranscodeJob job, boolean changed, boolean wasRunning, long epoch) {
    }

    /**
     * Cancels a queued or running job; repeating it changes nothing. The row is locked, so that the cancel never loses
     * a race with the segment writer. The work is stopped once the cancel has committed, outside the transaction,
     * which the batch runtime's stop must not join.
     *
     * @return the cancelled job, or empty for an unknown id
     */
    public Optional<TranscodeJob> cancel(String jobId) throws IOException {
        Optional<Cancelled> cancelled = transactions.call(() -> jobs.findForUpdate(jobId).map(job -> {
            boolean wasRunning = job.status() == JobStatus.Processing;
            boolean changedNow = job.cancel();
            if (changedNow) {
                changed.fire(new JobStateChanged(job, JobStateChanged.Change.CANCELLED));
            }
            return new Cancelled(job, changedNow, wasRunning, job.epoch());
        }));
        if (cancelled.isEmpty()) {
            return Optional.empty();
        }
        TranscodeJob job = cancelled.get().job();
        if (cancelled.get().changed() && cancelled.get().wasRunning()) {
            cancelledWhileRunning.fire(new JobCancelled(job.id(), cancelled.get().epoch()));
        } else if (cancelled.get().changed()) {
            files.removeJobFolder(job.id());
        }
        return Optional.of(job);
    }
}

package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import io.streamserver.platform.control.Transactions;
import io.streamserver.transcoding.entity.JobStatus;
import io.streamserver.transcoding.entity.TranscodeJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Cancels a job, and carries the cancel out before the API answers, whichever server runs the job. A job running on
 * this server has its ffmpeg killed at once and its batch execution stopped, and its files go when the execution
 * ends; one running on another server is stopped by that server's heartbeat, which sees the cancel within half a
 * second, and the answer waits for its confirmation (or for its lease to run out, should that server be dead). A
 * queued job has its folder removed. The upload stays, so that the job can be retried.
 */
@ApplicationScoped
public class Cancellation {

    private static final Duration POLL = Duration.ofMillis(100);

    @Inject
    Jobs jobs;

    @Inject
    Transactions transactions;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Leases leases;

    @Inject
    DataDirectory data;

    /** What a committed cancel still has to stop: the claim it was cancelled under, if the job was running. */
    private record Cancelled(TranscodeJob job, boolean changed, boolean wasRunning, long epoch) {
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
            return new Cancelled(job, job.cancel(), wasRunning, job.epoch());
        }));
        if (cancelled.isEmpty()) {
            return Optional.empty();
        }
        TranscodeJob job = cancelled.get().job();
        long epoch = cancelled.get().epoch();
        if (cancelled.get().changed() && cancelled.get().wasRunning()) {
            if (dispatcher.runs(job.id(), epoch)) {
                dispatcher.stopHere(job.id());
                leases.release(job.id(), dispatcher.instance(), epoch);
            } else {
                awaitRelease(job.id());
            }
        } else if (cancelled.get().changed()) {
            data.removeJobFolder(job.id());
        }
        return Optional.of(job);
    }

    /** Until the holder confirms that it stopped, or its lease expires, for at most a lease and a heartbeat. */
    private void awaitRelease(String jobId) {
        Instant deadline = Instant.now().plus(leases.duration()).plus(leases.heartbeat());
        while (leases.awaitsRelease(jobId) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

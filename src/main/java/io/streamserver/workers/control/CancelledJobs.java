package io.streamserver.workers.control;

import io.streamserver.jobs.control.JobCancelled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;

/**
 * Carries out a running job's cancel before the API answers, whichever server runs the job. Run here, its ffmpeg is
 * killed at once and its batch execution stopped, and its files go when the execution ends; run on another server,
 * that server's heartbeat sees the cancel within half a second and stops it, and the answer waits for its
 * confirmation (or for its lease to run out, should that server be dead).
 */
@ApplicationScoped
public class CancelledJobs {

    private static final Duration POLL = Duration.ofMillis(100);

    @Inject
    Dispatcher dispatcher;

    @Inject
    Leases leases;

    void stop(@Observes JobCancelled cancelled) {
        String jobId = cancelled.jobId();
        if (dispatcher.runs(jobId, cancelled.epoch())) {
            dispatcher.stopCancelled(jobId, cancelled.epoch());
        } else {
            awaitRelease(jobId);
        }
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

package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Carries out a committed cancel, outside any transaction (the batch runtime's stop must not join one), before the
 * API answers. A job running on this server has its ffmpeg killed at once and its batch execution stopped, and its
 * files go when the execution ends; one running on another server is stopped by that server's heartbeat, which sees
 * the cancel within half a second, and the answer waits for its confirmation (or for its lease to run out, should
 * that server be dead). A queued job has its folder removed. The upload stays, so that the job can be retried.
 */
@ApplicationScoped
public class Cancellation {

    private static final Duration POLL = Duration.ofMillis(100);

    @Inject
    Dispatcher dispatcher;

    @Inject
    Leases leases;

    @Inject
    DataDirectory data;

    public void carryOut(JobCancelled cancelled) throws IOException {
        if (!cancelled.wasRunning()) {
            data.removeJobFolder(cancelled.jobId());
        } else if (dispatcher.runs(cancelled.jobId(), cancelled.epoch())) {
            dispatcher.stopHere(cancelled.jobId());
            leases.release(cancelled.jobId(), dispatcher.instance(), cancelled.epoch());
        } else {
            awaitRelease(cancelled.jobId());
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

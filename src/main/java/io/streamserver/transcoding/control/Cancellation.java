package io.streamserver.transcoding.control;

import io.streamserver.platform.control.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;

/**
 * Carries out a committed cancel, outside any transaction (the batch runtime's stop must not join one), before the
 * API answers: a running job has its ffmpeg killed at once and its batch
 * execution stopped, and its files go when the execution ends; a queued one has its folder removed. The upload stays,
 * so that the job can be retried.
 */
@ApplicationScoped
public class Cancellation {

    @Inject
    Ffmpeg ffmpeg;

    @Inject
    BatchExecutions batch;

    @Inject
    DataDirectory data;

    public void carryOut(JobCancelled cancelled) throws IOException {
        if (cancelled.wasRunning()) {
            ffmpeg.kill(cancelled.jobId());
            if (cancelled.executionId() != null) {
                batch.stop(cancelled.jobId(), cancelled.executionId());
            }
        } else {
            data.removeJobFolder(cancelled.jobId());
        }
    }
}

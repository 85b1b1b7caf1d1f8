package io.streamserver.transcoding.control;

/**
 * A cancel that changed a job, as committed; what {@link Cancellation} still has to stop.
 *
 * @param wasRunning  whether it was Processing, so that its ffmpeg and batch execution must be stopped
 * @param executionId its latest batch execution, or null
 */
public record JobCancelled(String jobId, boolean wasRunning, Long executionId) {
}

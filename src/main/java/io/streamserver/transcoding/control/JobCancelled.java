package io.streamserver.transcoding.control;

/**
 * A cancel that changed a job, as committed; what {@link Cancellation} still has to stop.
 *
 * @param wasRunning whether it was Processing, so that its holder must stop its ffmpeg and batch execution
 * @param epoch      the epoch of the claim it was cancelled under, which the server that runs it knows
 */
public record JobCancelled(String jobId, boolean wasRunning, long epoch) {
}

package io.streamserver.jobs.control;

/**
 * A running job was cancelled under the claim of that epoch. Fired after the cancel has committed, on the cancelling
 * request's thread, so that the API answers only once the job's work has stopped.
 */
public record JobCancelled(String jobId, long epoch) {
}

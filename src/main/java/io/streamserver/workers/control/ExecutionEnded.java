package io.streamserver.workers.control;

/** A job's batch execution under the claim of that epoch has ended on this server: its slots are free. */
public record ExecutionEnded(String jobId, long epoch) {
}

package io.streamserver.jobs.control;

/** A job became Pending (submitted or retried); fired inside the transaction that queued it. */
public record JobQueued(String jobId) {
}

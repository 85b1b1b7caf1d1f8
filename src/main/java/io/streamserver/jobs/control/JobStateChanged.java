package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.TranscodeJob;

import java.util.Objects;

/**
 * A job started, progressed, or ended. Fired synchronously inside the transaction that changed the job, by the code
 * that changed it, so that an observer's writes (the webhooks' outbox) commit or roll back with the change; observers
 * must only read and write rows, never call out. The job is the managed entity as that transaction holds it.
 */
public record JobStateChanged(TranscodeJob job, Change change) {

    public enum Change {
        STARTED, PROGRESSED, COMPLETED, FAILED, CANCELLED
    }

    public JobStateChanged {
        Objects.requireNonNull(job);
        Objects.requireNonNull(change);
    }
}

package io.streamserver.jobs.entity;

/**
 * A write of a server that no longer holds the job: another server took it over after its lease expired, or it was
 * cancelled or queued again. The writer stops, and writes nothing more for the job.
 */
public class LeaseLostException extends IllegalStateException {

    public LeaseLostException(String message) {
        super(message);
    }
}

package io.streamserver.jobs.entity;

/** A state change that the job's current state does not allow, such as cancelling a completed job. */
public class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}

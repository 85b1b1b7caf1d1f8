package io.streamserver.jobs.control;

/** A client named a job that does not exist, or that it may not see: either way, to the client there is none. */
public class NoSuchJobException extends RuntimeException {

    public NoSuchJobException() {
        super("no job with that id");
    }
}

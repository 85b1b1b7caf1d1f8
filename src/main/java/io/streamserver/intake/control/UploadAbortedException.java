package io.streamserver.intake.control;

/** The client stopped sending an upload part-way (its connection broke or closed); nothing of it is kept. */
public class UploadAbortedException extends RuntimeException {

    public UploadAbortedException(String reason) {
        super("file: the upload ended before it was complete (" + reason + ")");
    }
}

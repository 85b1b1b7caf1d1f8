package io.streamserver.intake.control;

/** An upload beyond STREAM_MAX_UPLOAD_BYTES (413); the message starts with the field at fault. */
public class UploadTooLargeException extends RuntimeException {

    public UploadTooLargeException(String message) {
        super(message);
    }
}

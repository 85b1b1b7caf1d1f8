package io.streamserver.storage.control;

/** The bucket did not answer, or answered with an error other than "no such object": a 503, not a 404. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

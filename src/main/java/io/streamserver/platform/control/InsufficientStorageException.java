package io.streamserver.platform.control;

/** The data directory's file system is below its free-space threshold; clients may try again later (507). */
public class InsufficientStorageException extends RuntimeException {

    public InsufficientStorageException(String message) {
        super(message);
    }
}

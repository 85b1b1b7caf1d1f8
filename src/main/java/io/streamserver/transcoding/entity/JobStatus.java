package io.streamserver.transcoding.entity;

/** A transcoding job's lifecycle, spelled as the API reports it. */
public enum JobStatus {
    Pending, Processing, Completed, Failed, Cancelled;

    public boolean isFinal() {
        return this == Completed || this == Failed || this == Cancelled;
    }
}

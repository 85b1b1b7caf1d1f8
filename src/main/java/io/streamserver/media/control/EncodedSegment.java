package io.streamserver.media.control;

/** A segment that ffmpeg has finished: the item of the encode-segments chunk step. */
public record EncodedSegment(String rendition, int sequence, String fileName, double durationSeconds, long bytes) {

    /** A segment as ffmpeg's playlist lists it, before it is published. */
    EncodedSegment(int sequence, String fileName, double durationSeconds) {
        this(null, sequence, fileName, durationSeconds, 0);
    }
}

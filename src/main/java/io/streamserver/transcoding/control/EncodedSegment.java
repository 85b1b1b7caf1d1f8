package io.streamserver.transcoding.control;

/** A segment that ffmpeg has finished: the item of the encode-segments chunk step. */
public record EncodedSegment(int sequence, String fileName, double durationSeconds) {
}

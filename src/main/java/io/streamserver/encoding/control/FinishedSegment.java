package io.streamserver.encoding.control;

import io.streamserver.media.control.EncodedSegment;

import java.nio.file.Path;

/** An item of the encode step: a segment that ffmpeg has finished in the rendition's encoder folder, not yet published. */
record FinishedSegment(String rendition, Path encoderFolder, EncodedSegment segment) {
}

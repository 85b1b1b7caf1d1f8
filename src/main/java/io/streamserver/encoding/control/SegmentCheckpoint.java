package io.streamserver.encoding.control;

import java.io.Serializable;

/** The encode step's checkpoint: the last segment whose commit succeeded. */
public record SegmentCheckpoint(int lastSequence) implements Serializable {
}

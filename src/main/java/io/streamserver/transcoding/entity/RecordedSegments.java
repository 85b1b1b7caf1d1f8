package io.streamserver.transcoding.entity;

import java.util.Collections;
import java.util.List;

/**
 * A job's committed segments in all its renditions: which one each rendition is up to, how much output they cover,
 * and whether every rendition has one. It works on the job's mapped list and keeps no state of its own.
 */
final class RecordedSegments {

    private final List<Segment> segments;

    RecordedSegments(List<Segment> segments) {
        this.segments = segments;
    }

    /** Adds a segment unless its rendition already has it or a later one, as when a restarted encode offers it again. */
    boolean add(Segment segment) {
        if (segment.sequence() <= lastSequence(segment.rendition())) {
            return false;
        }
        segments.add(segment);
        return true;
    }

    /** The rendition's highest sequence number, or 0 before its first segment. */
    int lastSequence(String rendition) {
        return segments.stream().filter(s -> s.rendition().equals(rendition))
                .mapToInt(Segment::sequence).max().orElse(0);
    }

    List<Segment> of(String rendition) {
        return segments.stream().filter(s -> s.rendition().equals(rendition)).toList();
    }

    /** Seconds of output recorded, summed over all renditions. */
    double coveredSeconds() {
        return segments.stream().mapToDouble(Segment::durationSeconds).sum();
    }

    /** Whether each of the renditions has at least one segment, without which its playlist would play nothing. */
    boolean coverEach(List<Rendition> renditions) {
        return renditions.stream().allMatch(r -> segments.stream().anyMatch(s -> s.rendition().equals(r.name())));
    }

    List<Segment> all() {
        return Collections.unmodifiableList(segments);
    }
}

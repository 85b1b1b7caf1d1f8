package io.streamserver.transcoding.entity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordedSegmentsTest {

    private static final List<Rendition> LADDER = Rendition.parseLadder("aac:low,flac:hi_res", null);

    private final TranscodeJob job = new TranscodeJob("track-1", LADDER.get(0).settings(), LADDER, null,
            Priority.NORMAL, new SourceAudio("wav", "pcm_s16le", 12, 44_100, 2, 16), "upload.wav");
    private final List<Segment> list = new ArrayList<>();
    private final RecordedSegments recorded = new RecordedSegments(list);

    private Segment segment(String rendition, int sequence, double seconds, long bytes) {
        return new Segment(job, rendition, sequence, rendition + "_0000" + sequence + ".ts", seconds, bytes);
    }

    @Test
    void segmentsAreAddedToTheJobsList() {
        assertTrue(recorded.add(segment("aac_low", 1, 6, 1)));

        assertEquals(1, list.size());
        assertEquals(1, recorded.lastSequence("aac_low"));
    }

    @Test
    void aRenditionWithoutSegmentsIsAtSequenceZero() {
        assertEquals(0, recorded.lastSequence("aac_low"));
        assertTrue(recorded.of("aac_low").isEmpty());
    }

    @Test
    void anOlderSequenceIsNotRecordedAgain() {
        recorded.add(segment("aac_low", 1, 6, 1));
        recorded.add(segment("aac_low", 2, 6, 1));

        assertFalse(recorded.add(segment("aac_low", 1, 6, 1)));

        assertEquals(2, recorded.all().size());
        assertEquals(2, recorded.lastSequence("aac_low"));
    }

    @Test
    void eachRenditionNumbersItsSegmentsOnItsOwn() {
        assertTrue(recorded.add(segment("aac_low", 1, 6, 48_000)));
        assertTrue(recorded.add(segment("flac_hi_res", 1, 6, 900_000)));

        assertEquals(1, recorded.lastSequence("aac_low"));
        assertEquals(List.of("aac_low_00001.ts"), recorded.of("aac_low").stream().map(Segment::fileName).toList());
        assertEquals(900_000, recorded.of("flac_hi_res").get(0).bytes());
    }

    @Test
    void theCoveredSecondsAddUpEveryRendition() {
        recorded.add(segment("aac_low", 1, 6, 1));
        recorded.add(segment("aac_low", 2, 4.5, 1));
        recorded.add(segment("flac_hi_res", 1, 6, 1));

        assertEquals(16.5, recorded.coveredSeconds());
    }

    @Test
    void theRenditionsAreCoveredOnceEachHasASegment() {
        assertFalse(recorded.coverEach(LADDER));

        recorded.add(segment("aac_low", 1, 6, 1));
        recorded.add(segment("aac_low", 2, 6, 1));
        assertFalse(recorded.coverEach(LADDER));

        recorded.add(segment("flac_hi_res", 1, 6, 1));
        assertTrue(recorded.coverEach(LADDER));
    }

    @Test
    void theListCannotBeChangedThroughAll() {
        recorded.add(segment("aac_low", 1, 6, 1));

        assertThrows(UnsupportedOperationException.class, () -> recorded.all().clear());
        assertEquals(1, list.size());
    }
}

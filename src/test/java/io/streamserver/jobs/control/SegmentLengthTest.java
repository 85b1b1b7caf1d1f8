package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.Priority;
import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.SourceAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentLengthTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 6, 10})
    void aTargetFrom2To10SecondsIsAccepted(int seconds) {
        assertEquals(seconds, SegmentLength.check(seconds));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 11, 60, -6})
    void anyOtherTargetIsRefusedNamingTheVariable(int seconds) {
        IllegalStateException refusal = assertThrows(IllegalStateException.class, () -> SegmentLength.check(seconds));
        assertTrue(refusal.getMessage().contains("STREAM_SEGMENT_SECONDS"), refusal.getMessage());
    }

    /** The configuration says 10 s now; the job was submitted under 4 s and keeps them, while an old row has none. */
    @Test
    void aJobIsCutByTheTargetRecordedAtItsSubmission() {
        SegmentLength length = new SegmentLength();
        length.targetSeconds = 10;
        TranscodeJob submitted = job().segmentedEvery(4);

        assertEquals(4, length.targetFor(submitted));
        assertEquals(4, length.forJob(submitted));
        assertEquals(10, length.targetFor(job()));
    }

    private static TranscodeJob job() {
        return new TranscodeJob("track", EncodingSettings.of(null, null, null), Priority.NORMAL,
                new SourceAudio("wav", "pcm_s16le", 42, 44_100, 2, 16), "x.source");
    }

    @Test
    void aTailOfASecondOrMoreKeepsTheTarget() {
        assertEquals(6, SegmentLength.forSource(6, 20));
        assertEquals(6, SegmentLength.forSource(6, 19.0));
    }

    @Test
    void aSourceShorterThanTheTargetIsOneSegment() {
        assertEquals(6, SegmentLength.forSource(6, 4.2));
    }

    @Test
    void aTinyTailIsSpreadOverTheWholeSegmentsWithTheLastBoundaryPastTheEnd() {
        double time = SegmentLength.forSource(6, 18.4);
        assertEquals(6.3, time, 1e-9);
        assertTrue(3 * time > 18.4 + 0.4, "no fourth segment starts before the end, priming included");
        assertTrue(18.4 - 2 * time >= 5.5, "the last segment stays long");
    }

    @Test
    void anExactMultipleLeavesNoSegmentOfPrimingAlone() {
        double time = SegmentLength.forSource(6, 18.0);
        assertTrue(3 * time > 18.0 + 0.4, "the encoder's priming would make a 4th, 23 ms segment at 6 s");
        assertTrue(time < 6.2, "segments stay close to the target: " + time);
    }

    @Test
    void stretchedSegmentsStayWithinOneAndAHalfSecondsOfTheTarget() {
        for (int target = 2; target <= 10; target++) {
            for (double source = 0.5; source < 200; source += 0.37) {
                double time = SegmentLength.forSource(target, source);
                assertTrue(time >= target && time <= target + 1.5 + 1e-9, target + " s for " + source + " s: " + time);
            }
        }
    }
}

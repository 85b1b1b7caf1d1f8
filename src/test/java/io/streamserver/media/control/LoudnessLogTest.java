package io.streamserver.media.control;

import io.streamserver.media.entity.Loudness;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Loudness as ffmpeg logs it: loudnorm's JSON block and ebur128's summary, silence read as no value. */
class LoudnessLogTest {

    @Nested
    class ParseLoudnorm {

        private static final String LOG = """
                size=N/A time=00:00:20.00 bitrate=N/A speed=32.7x
                [Parsed_loudnorm_0 @ 0x55ccbf28db40]\s
                {
                \t"input_i" : "-21.05",
                \t"input_tp" : "-21.07",
                \t"input_lra" : "0.00",
                \t"input_thresh" : "-31.05",
                \t"output_i" : "-14.05",
                \t"output_tp" : "-13.98",
                \t"output_lra" : "0.00",
                \t"output_thresh" : "-24.05",
                \t"normalization_type" : "dynamic",
                \t"target_offset" : "0.05"
                }
                """;

        @Test
        void theInputMeasurementIsRead() {
            Loudness loudness = LoudnessLog.parseLoudnorm(LOG);
            assertEquals(-21.05, loudness.integratedLufs());
            assertEquals(-21.07, loudness.truePeakDbtp());
            assertEquals(0.0, loudness.lra());
            assertEquals(-31.05, loudness.thresholdLufs());
            assertEquals(0.05, loudness.targetOffset());
        }

        @Test
        void silenceReadsAsNoValue() {
            Loudness loudness = LoudnessLog.parseLoudnorm(LOG.replace("\"-21.05\"", "\"-inf\"").replace("\"-21.07\"", "\"-inf\""));
            assertNull(loudness.integratedLufs());
            assertNull(loudness.truePeakDbtp());
            assertFalse(loudness.isMeasurable());
        }

        @Test
        void aLogWithoutMeasurementIsAnError() {
            assertThrows(IllegalStateException.class, () -> LoudnessLog.parseLoudnorm("Error while decoding stream #0:0"));
        }
    }

    @Nested
    class ParseEbur128 {

        private static final String LOG = """
                size=N/A time=00:10:00.00 bitrate=N/A speed= 274x
                [Parsed_ebur128_0 @ 0x562bb4ed0c00] Summary:

                  Integrated loudness:
                    I:         -27.8 LUFS
                    Threshold: -37.8 LUFS

                  Loudness range:
                    LRA:         3.4 LU
                    Threshold: -47.8 LUFS
                    LRA low:   -29.1 LUFS
                    LRA high:  -25.7 LUFS

                  True peak:
                    Peak:      -22.3 dBFS
                """;

        @Test
        void theSummaryIsRead() {
            Loudness loudness = LoudnessLog.parseEbur128(LOG);
            assertEquals(-27.8, loudness.integratedLufs());
            assertEquals(-22.3, loudness.truePeakDbtp());
            assertEquals(3.4, loudness.lra());
            assertEquals(-37.8, loudness.thresholdLufs());
        }

        @Test
        void onlyTheLastSummaryCounts() {
            Loudness loudness = LoudnessLog.parseEbur128(LOG.replace("-27.8 LUFS", "-99.0 LUFS") + LOG);
            assertEquals(-27.8, loudness.integratedLufs());
        }

        @Test
        void silenceReadsAsNoValue() {
            Loudness loudness = LoudnessLog.parseEbur128(LOG.replace("-27.8 LUFS", "-70.0 LUFS").replace("-22.3 dBFS", "-inf dBFS"));
            assertNull(loudness.integratedLufs());
            assertNull(loudness.truePeakDbtp());
            assertNull(loudness.thresholdLufs());
            assertFalse(loudness.isMeasurable());
        }

        @Test
        void aLogWithoutSummaryIsAnError() {
            assertThrows(IllegalStateException.class, () -> LoudnessLog.parseEbur128("Error while decoding stream #0:0"));
        }

        @Test
        void aSamplePeakIsReadAsSuchAndNeverAsATruePeak() {
            Loudness loudness = LoudnessLog.parseEbur128(LOG.replace("True peak:", "Sample peak:"));
            assertEquals(-22.3, loudness.samplePeakDbfs());
            assertNull(loudness.truePeakDbtp());
        }

        @Test
        void bothPeaksAreReadUnderTheirOwnHeadings() {
            Loudness loudness = LoudnessLog.parseEbur128(LOG.replace("  True peak:", """
                      Sample peak:
                        Peak:      -24.0 dBFS

                      True peak:""".stripIndent().indent(2).stripTrailing()));
            assertEquals(-24.0, loudness.samplePeakDbfs());
            assertEquals(-22.3, loudness.truePeakDbtp());
        }
    }
}

package io.streamserver.media.control;

import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.media.entity.SourceAudio;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What ffprobe says about an upload decides whether it is audio we accept, and how to read it. */
class FfprobeOutputTest {

    @Nested
    class ParseProbe {

        /** ffprobe 5.1's answer for a 2.5 s mono 96 kHz pcm_s24le wav. */
        private static final String WAV_24_BIT = """
                {
                    "programs": [

                    ],
                    "streams": [
                        {
                            "codec_name": "pcm_s24le",
                            "codec_type": "audio",
                            "sample_rate": "96000",
                            "channels": 1,
                            "bits_per_sample": 24,
                            "duration": "2.500000",
                            "bits_per_raw_sample": "24"
                        }
                    ],
                    "format": {
                        "format_name": "wav",
                        "duration": "2.500000"
                    }
                }
                """;

        /** ffprobe 5.1's answer for a 3 s stereo AAC m4a. */
        private static final String M4A_AAC = """
                {
                    "programs": [

                    ],
                    "streams": [
                        {
                            "codec_name": "aac",
                            "codec_type": "audio",
                            "sample_rate": "44100",
                            "channels": 2,
                            "bits_per_sample": 0,
                            "duration": "3.000000"
                        }
                    ],
                    "format": {
                        "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
                        "duration": "3.000000"
                    }
                }
                """;

        /** ffprobe 5.1's answer for a video-only mp4: -select_streams a:0 leaves no stream. */
        private static final String MP4_WITHOUT_AUDIO = """
                {
                    "programs": [

                    ],
                    "streams": [

                    ],
                    "format": {
                        "format_name": "mov,mp4,m4a,3gp,3g2,mj2",
                        "duration": "1.000000"
                    }
                }
                """;

        @Test
        void aWavIsReadWithTheWavDemuxerAndItsBitDepth() {
            SourceAudio audio = FfprobeOutput.parse(WAV_24_BIT);

            assertEquals("wav", audio.demuxer());
            assertEquals("pcm_s24le", audio.codec());
            assertEquals(2.5, audio.durationSeconds());
            assertEquals(96_000, audio.sampleRate());
            assertEquals(1, audio.channels());
            assertEquals(24, audio.bitDepth());
        }

        @Test
        void anMp4IsReadWithTheMovDemuxerAndALossyCodecHasNoBitDepth() {
            SourceAudio audio = FfprobeOutput.parse(M4A_AAC);

            assertEquals("mov", audio.demuxer());
            assertEquals("aac", audio.codec());
            assertEquals(3.0, audio.durationSeconds());
            assertEquals(44_100, audio.sampleRate());
            assertEquals(2, audio.channels());
            assertNull(audio.bitDepth());
        }

        @Test
        void theRawSampleDepthWinsOverAZeroBitsPerSample() {
            SourceAudio audio = FfprobeOutput.parse(probe("flac", "\"3.0\"",
                    "\"codec_name\": \"flac\", \"codec_type\": \"audio\", \"sample_rate\": \"44100\", \"channels\": 1,"
                            + " \"bits_per_sample\": 0, \"bits_per_raw_sample\": \"24\""));

            assertEquals("flac", audio.demuxer());
            assertEquals(24, audio.bitDepth());
        }

        @Test
        void bitsPerSampleIsUsedWhenThereIsNoRawSampleDepth() {
            SourceAudio audio = FfprobeOutput.parse(probe("wav", "\"3.0\"",
                    "\"codec_name\": \"pcm_s16le\", \"codec_type\": \"audio\", \"sample_rate\": \"44100\", \"channels\": 2,"
                            + " \"bits_per_sample\": 16"));

            assertEquals(16, audio.bitDepth());
        }

        @Test
        void aZeroRawSampleDepthFallsBackToBitsPerSample() {
            SourceAudio audio = FfprobeOutput.parse(probe("wav", "\"3.0\"",
                    "\"codec_name\": \"pcm_s16le\", \"codec_type\": \"audio\", \"sample_rate\": \"44100\", \"channels\": 2,"
                            + " \"bits_per_sample\": 16, \"bits_per_raw_sample\": \"0\""));

            assertEquals(16, audio.bitDepth());
        }

        @Test
        void theStreamDurationIsUsedWhenTheFormatHasNone() {
            SourceAudio audio = FfprobeOutput.parse("""
                    {"streams": [{"codec_name": "mp3", "codec_type": "audio", "sample_rate": "44100", "channels": 2,
                                  "duration": "12.25"}],
                     "format": {"format_name": "mp3"}}
                    """);

            assertEquals("mp3", audio.demuxer());
            assertEquals(12.25, audio.durationSeconds());
        }

        @Test
        void anHlsPlaylistIsRefusedAsAFormatWeDoNotAccept() {
            assertRefusedFile(probe("hls", "\"10.0\"", audioStream()));
        }

        @Test
        void aProbeWithoutFormatIsRefused() {
            assertRefusedFile("{}");
        }

        @Test
        void aFileWithoutAudioStreamIsRefused() {
            assertRefusedFile(MP4_WITHOUT_AUDIO);
        }

        @Test
        void aFirstStreamThatIsNotAudioIsRefused() {
            assertRefusedFile(probe("mov,mp4,m4a,3gp,3g2,mj2", "\"1.0\"",
                    "\"codec_name\": \"h264\", \"codec_type\": \"video\""));
        }

        @Test
        void aFileWithoutDurationIsRefused() {
            assertRefusedFile("""
                    {"streams": [{"codec_name": "pcm_s16le", "codec_type": "audio", "sample_rate": "44100", "channels": 2}],
                     "format": {"format_name": "wav"}}
                    """);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"N/A\"", "\"0.000000\"", "0", "-1.5"})
        void aFileWithoutPositiveDurationIsRefused(String duration) {
            assertRefusedFile(probe("wav", duration, audioStream()));
        }

        @Test
        void anAudioStreamWithoutSampleRateIsRefused() {
            assertRefusedFile(probe("wav", "\"3.0\"",
                    "\"codec_name\": \"pcm_s16le\", \"codec_type\": \"audio\", \"channels\": 2"));
        }

        /** ffprobe's answer for a RIFF/WAVE header whose format tag no decoder knows. */
        @Test
        void anAudioStreamWithoutAKnownCodecIsRefused() {
            assertRefusedFile(probe("wav", "\"3.0\"",
                    "\"codec_type\": \"audio\", \"sample_rate\": \"8000\", \"channels\": 1"));
            assertRefusedFile(probe("wav", "\"3.0\"",
                    "\"codec_name\": \"none\", \"codec_type\": \"audio\", \"sample_rate\": \"8000\", \"channels\": 1"));
        }

        @Test
        void anAudioStreamWithoutChannelsIsRefused() {
            assertRefusedFile(probe("wav", "\"3.0\"",
                    "\"codec_name\": \"pcm_s16le\", \"codec_type\": \"audio\", \"sample_rate\": \"44100\""));
        }

        private static String audioStream() {
            return "\"codec_name\": \"pcm_s16le\", \"codec_type\": \"audio\", \"sample_rate\": \"44100\", \"channels\": 2";
        }

        private static String probe(String formatName, String formatDuration, String streamFields) {
            return "{\"streams\": [{" + streamFields + "}], \"format\": {\"format_name\": \"" + formatName
                    + "\", \"duration\": " + formatDuration + "}}";
        }

        private static void assertRefusedFile(String json) {
            InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> FfprobeOutput.parse(json));
            assertEquals("file", e.parameter());
        }
    }

    /** The probe also decodes the first seconds; its log and its frame count are the verdict. */
    @Nested
    class ParseDecoded {

        /** ffprobe 5.1's answer for an MP3 whose first seconds were overwritten with noise, after decoding 5 s. */
        private static final String NOISY_MP3 = """
                {
                    "programs": [

                    ],
                    "streams": [
                        {
                            "codec_name": "mp3",
                            "codec_type": "audio",
                            "sample_rate": "44100",
                            "channels": 1,
                            "bits_per_sample": 0,
                            "duration": "20.035918",
                            "nb_read_frames": "%s"
                        }
                    ],
                    "format": {
                        "format_name": "mp3",
                        "duration": "20.035918"
                    }
                }
                """;

        @Test
        void audioThatDecodedWithoutAnErrorIsDescribed() {
            SourceAudio audio = FfprobeOutput.parseDecoded(NOISY_MP3.formatted("192"), "");
            assertEquals("mp3", audio.codec());
            assertEquals(20.035918, audio.durationSeconds(), 1e-6);
        }

        /** ffprobe goes on after a frame that does not decode and exits 0: the decoder's line in its log refuses. */
        @Test
        void aDecodersErrorRefusesInTheDecodersWords() {
            InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                    () -> FfprobeOutput.parseDecoded(NOISY_MP3.formatted("38"), "\n[mp3float @ 0x56548992dfc0] Header missing\n"));
            assertEquals("file", refused.parameter());
            assertEquals("file: cannot be decoded as mp3 audio (Header missing)", refused.getMessage());
        }

        /** A stream whose first seconds gave no frame at all, without a word in the log, does not decode either. */
        @Test
        void noDecodedFrameRefuses() {
            InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                    () -> FfprobeOutput.parseDecoded(NOISY_MP3.formatted("0"), ""));
            assertEquals("file: cannot be decoded as mp3 audio", refused.getMessage());
            assertThrows(InvalidParameterException.class,
                    () -> FfprobeOutput.parseDecoded(NOISY_MP3.replaceAll(",\\s*\"nb_read_frames\": \"%s\"", ""), ""),
                    "a stream that ffprobe did not count any frame of");
        }

        /** What the probe alone refuses is refused so, before the decoding is looked at. */
        @Test
        void theProbesOwnRefusalComesFirst() {
            InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                    () -> FfprobeOutput.parseDecoded(NOISY_MP3.formatted("0").replace("\"codec_name\": \"mp3\",", ""),
                            "an error"));
            assertTrue(refused.getMessage().contains("no decoder"), refused.getMessage());
        }
    }

    @Nested
    class DemuxerFor {

        @ParameterizedTest
        @CsvSource({"wav, wav", "'mov,mp4,m4a,3gp,3g2,mj2', mov", "flac, flac", "mp3, mp3", "ogg, ogg", "aiff, aiff",
                "w64, w64", "caf, caf", "wv, wv", "ape, ape"})
        void anAudioFormatIsReadByItsAllowlistedDemuxer(String formatName, String demuxer) {
            assertEquals(demuxer, FfprobeOutput.demuxerFor(formatName));
        }

        @ParameterizedTest
        @ValueSource(strings = {"hls", "concat", "matroska,webm", "image2", "avi", "ffconcat", "tty", ""})
        void anyOtherFormatHasNoDemuxer(String formatName) {
            assertNull(FfprobeOutput.demuxerFor(formatName));
        }
    }
}

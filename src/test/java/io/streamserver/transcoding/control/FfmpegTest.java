package io.streamserver.transcoding.control;

import io.streamserver.transcoding.entity.Codec;
import io.streamserver.transcoding.entity.EncodingSettings;
import io.streamserver.transcoding.entity.Loudness;
import io.streamserver.transcoding.entity.InvalidParameterException;
import io.streamserver.transcoding.entity.QualityProfile;
import io.streamserver.transcoding.entity.SourceAudio;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FfmpegTest {

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
            SourceAudio audio = Ffmpeg.parseProbe(WAV_24_BIT);

            assertEquals("wav", audio.demuxer());
            assertEquals("pcm_s24le", audio.codec());
            assertEquals(2.5, audio.durationSeconds());
            assertEquals(96_000, audio.sampleRate());
            assertEquals(1, audio.channels());
            assertEquals(24, audio.bitDepth());
        }

        @Test
        void anMp4IsReadWithTheMovDemuxerAndALossyCodecHasNoBitDepth() {
            SourceAudio audio = Ffmpeg.parseProbe(M4A_AAC);

            assertEquals("mov", audio.demuxer());
            assertEquals("aac", audio.codec());
            assertEquals(3.0, audio.durationSeconds());
            assertEquals(44_100, audio.sampleRate());
            assertEquals(2, audio.channels());
            assertNull(audio.bitDepth());
        }

        @Test
        void theRawSampleDepthWinsOverAZeroBitsPerSample() {
            SourceAudio audio = Ffmpeg.parseProbe(probe("flac", "\"3.0\"",
                    "\"codec_name\": \"flac\", \"codec_type\": \"audio\", \"sample_rate\": \"44100\", \"channels\": 1,"
                            + " \"bits_per_sample\": 0, \"bits_per_raw_sample\": \"24\""));

            assertEquals("flac", audio.demuxer());
            assertEquals(24, audio.bitDepth());
        }

        @Test
        void bitsPerSampleIsUsedWhenThereIsNoRawSampleDepth() {
            SourceAudio audio = Ffmpeg.parseProbe(probe("wav", "\"3.0\"",
                    "\"codec_name\": \"pcm_s16le\", \"codec_type\": \"audio\", \"sample_rate\": \"44100\", \"channels\": 2,"
                            + " \"bits_per_sample\": 16"));

            assertEquals(16, audio.bitDepth());
        }

        @Test
        void aZeroRawSampleDepthFallsBackToBitsPerSample() {
            SourceAudio audio = Ffmpeg.parseProbe(probe("wav", "\"3.0\"",
                    "\"codec_name\": \"pcm_s16le\", \"codec_type\": \"audio\", \"sample_rate\": \"44100\", \"channels\": 2,"
                            + " \"bits_per_sample\": 16, \"bits_per_raw_sample\": \"0\""));

            assertEquals(16, audio.bitDepth());
        }

        @Test
        void theStreamDurationIsUsedWhenTheFormatHasNone() {
            SourceAudio audio = Ffmpeg.parseProbe("""
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
            InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> Ffmpeg.parseProbe(json));
            assertEquals("file", e.parameter());
        }
    }

    @Nested
    class DemuxerFor {

        @ParameterizedTest
        @CsvSource({"wav, wav", "'mov,mp4,m4a,3gp,3g2,mj2', mov", "flac, flac", "mp3, mp3", "ogg, ogg", "aiff, aiff",
                "w64, w64", "caf, caf", "wv, wv", "ape, ape"})
        void anAudioFormatIsReadByItsAllowlistedDemuxer(String formatName, String demuxer) {
            assertEquals(demuxer, Ffmpeg.demuxerFor(formatName));
        }

        @ParameterizedTest
        @ValueSource(strings = {"hls", "concat", "matroska,webm", "image2", "avi", "ffconcat", "tty", ""})
        void anyOtherFormatHasNoDemuxer(String formatName) {
            assertNull(Ffmpeg.demuxerFor(formatName));
        }
    }

    @Nested
    class HlsCommand {

        private static final Path OUTPUT = Path.of("/data/encoder/job-1");

        private static final SourceAudio CD_WAV = new SourceAudio("wav", "pcm_s16le", 30, 44_100, 2, 16);

        private static final SourceAudio HI_RES_FLAC = new SourceAudio("flac", "flac", 30, 96_000, 2, 24);

        private static List<String> command(String codec, String bitrate, String profile, SourceAudio audio) {
            EncodingSettings settings = EncodingSettings.of(codec, bitrate, profile);
            HlsEncoding encoding = new HlsEncoding(Path.of("uploads", "in.wav"), audio, settings, OUTPUT, "segment", 6);
            return Ffmpeg.hlsCommand("/opt/ffmpeg/bin/ffmpeg", encoding);
        }

        @Test
        void theConfiguredFfmpegIsRun() {
            assertEquals("/opt/ffmpeg/bin/ffmpeg", command("aac", null, null, CD_WAV).get(0));
        }

        @Test
        void ffmpegNeverReadsStandardInput() {
            assertTrue(command("aac", null, null, CD_WAV).contains("-nostdin"));
        }

        @Test
        void theInputIsTheAbsoluteSourcePathThroughTheFileProtocol() {
            List<String> command = command("aac", null, null, CD_WAV);

            assertEquals(List.of("file:" + Path.of("uploads", "in.wav").toAbsolutePath()), valuesOf(command, "-i"));
        }

        @Test
        void onlyTheFileProtocolIsAllowedForTheInput() {
            List<String> command = command("aac", null, null, CD_WAV);

            int whitelist = command.indexOf("-protocol_whitelist");
            assertEquals("file", command.get(whitelist + 1));
            assertTrue(whitelist < command.indexOf("-i"), "the whitelist must precede the input it applies to");
        }

        @Test
        void theProbedDemuxerIsForcedOnTheInput() {
            List<String> command = command("aac", null, null, HI_RES_FLAC);

            int input = command.indexOf("-i");
            assertEquals(List.of("-f", "flac"), command.subList(input - 2, input));
        }

        @Test
        void onlyTheFirstAudioStreamIsEncoded() {
            List<String> command = command("aac", null, null, CD_WAV);

            int input = command.indexOf("-i");
            assertEquals(List.of("0:a:0"), valuesOf(command, "-map"));
            assertTrue(command.indexOf("-map") > input, "-map after the input");
            for (String noOtherStreams : List.of("-vn", "-sn", "-dn")) {
                assertTrue(command.indexOf(noOtherStreams) > input, noOtherStreams + " after the input");
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"aac", "mp3"})
        void aacAndMp3GoToMpegTsSegments(String codec) {
            List<String> command = command(codec, null, null, CD_WAV);

            assertEquals(List.of("mpegts"), valuesOf(command, "-hls_segment_type"));
            assertFalse(command.contains("-hls_fmp4_init_filename"));
            assertEquals(List.of(OUTPUT.resolve("segment_%05d.ts").toString()), valuesOf(command, "-hls_segment_filename"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"opus", "flac"})
        void opusAndFlacGoToFragmentedMp4WithAnInitSegment(String codec) {
            List<String> command = command(codec, null, null, HI_RES_FLAC);

            assertEquals(List.of("fmp4"), valuesOf(command, "-hls_segment_type"));
            assertEquals(List.of(HlsEncoding.INIT_SEGMENT), valuesOf(command, "-hls_fmp4_init_filename"));
            assertEquals(List.of(OUTPUT.resolve("segment_%05d.m4s").toString()), valuesOf(command, "-hls_segment_filename"));
        }

        @Test
        void flacInMp4NeedsStrictExperimental() {
            assertEquals(List.of("experimental"), valuesOf(command("flac", null, null, HI_RES_FLAC), "-strict"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"aac", "mp3", "opus"})
        void lossyCodecsDoNotNeedStrictExperimental(String codec) {
            assertFalse(command(codec, null, null, CD_WAV).contains("-strict"));
        }

        @ParameterizedTest
        @CsvSource({"aac, , , 256000", "aac, 96k, , 96000", "mp3, , medium, 192000", "opus, , low, 48000",
                "opus, 160000, hi_res, 160000"})
        void lossyCodecsGetTheResolvedBitrate(String codec, String bitrate, String profile, String expected) {
            assertEquals(List.of(expected), valuesOf(command(codec, bitrate, profile, CD_WAV), "-b:a"));
        }

        @Test
        void flacGetsNoBitrate() {
            assertFalse(command("flac", null, "hi_res", HI_RES_FLAC).contains("-b:a"));
        }

        @Test
        void theCodecIsChosenForTheOutput() {
            assertEquals(List.of("aac"), valuesOf(command("aac", null, null, CD_WAV), "-c:a"));
            assertEquals(List.of("libmp3lame"), valuesOf(command("mp3", null, null, CD_WAV), "-c:a"));
            assertEquals(List.of("libopus"), valuesOf(command("opus", null, null, CD_WAV), "-c:a"));
            assertEquals(List.of("flac"), valuesOf(command("flac", null, null, CD_WAV), "-c:a"));
        }

        @Test
        void theOutputIsAnHlsPlaylistThatListsEverySegmentNumberedFromOne() {
            List<String> command = command("aac", null, null, CD_WAV);

            assertEquals(List.of("wav", "hls"), valuesOf(command, "-f"));
            assertEquals(List.of("6.000"), valuesOf(command, "-hls_time"));
            assertEquals(List.of("0"), valuesOf(command, "-hls_list_size"));
            assertEquals(List.of("1"), valuesOf(command, "-start_number"));
            assertEquals(List.of("temp_file"), valuesOf(command, "-hls_flags"));
            assertEquals(OUTPUT.resolve(HlsEncoding.ENCODER_PLAYLIST).toString(), command.get(command.size() - 1));
        }

        @Test
        void lossyOutputOfAHighSampleRateSourceIsResampledTo48Kilohertz() {
            assertEquals(List.of("48000"), valuesOf(command("aac", null, null, HI_RES_FLAC), "-ar"));
            assertEquals(List.of("48000"), valuesOf(command("mp3", null, null, HI_RES_FLAC), "-ar"));
        }

        @Test
        void lossyOutputOfACdSourceKeepsItsSampleRate() {
            assertFalse(command("aac", null, null, CD_WAV).contains("-ar"));
        }

        @Test
        void opusIsLeftToPickItsOwnSampleRate() {
            assertFalse(command("opus", null, null, HI_RES_FLAC).contains("-ar"));
        }

        @Test
        void hiResFlacKeeps24BitsAndTheSourceSampleRate() {
            List<String> command = command("flac", null, "hi_res", HI_RES_FLAC);

            assertEquals(List.of("96000"), valuesOf(command, "-ar"));
            assertEquals(List.of("s32"), valuesOf(command, "-sample_fmt"));
            assertEquals(List.of("24"), valuesOf(command, "-bits_per_raw_sample"));
        }

        @Test
        void highProfileFlacIsCappedAt48KilohertzAnd16Bits() {
            List<String> command = command("flac", null, "high", HI_RES_FLAC);

            assertEquals(List.of("48000"), valuesOf(command, "-ar"));
            assertEquals(List.of("s16"), valuesOf(command, "-sample_fmt"));
            assertFalse(command.contains("-bits_per_raw_sample"));
        }

        @Test
        void withoutALoudnessTargetNoFilterTouchesTheAudio() {
            assertFalse(command("aac", null, null, CD_WAV).contains("-af"));
        }

        @Test
        void aLoudnessTargetAddsTheSecondLoudnormPassWithTheFirstPassesMeasurement() {
            EncodingSettings settings = EncodingSettings.of("aac", null, null);
            Loudness measured = new Loudness(-21.05, -21.07, 0.0, -31.05, 0.05);
            HlsEncoding encoding = new HlsEncoding(Path.of("uploads", "in.wav"), CD_WAV, settings, OUTPUT, "segment", 6,
                    -14.0, measured);
            List<String> filters = valuesOf(Ffmpeg.hlsCommand("ffmpeg", encoding), "-af");

            assertEquals(List.of("loudnorm=I=-14.0:TP=-1.0:LRA=11.0:measured_I=-21.05:measured_TP=-21.07:measured_LRA=0.00:"
                    + "measured_thresh=-31.05:offset=0.05:linear=true:print_format=none,aformat=sample_rates=44100"), filters);
        }

        @Test
        void aSilentSourceIsNotNormalised() {
            EncodingSettings settings = EncodingSettings.of("aac", null, null);
            HlsEncoding encoding = new HlsEncoding(Path.of("uploads", "in.wav"), CD_WAV, settings, OUTPUT, "segment", 6,
                    -14.0, new Loudness(null, null, null, null, null));
            assertFalse(Ffmpeg.hlsCommand("ffmpeg", encoding).contains("-af"));
        }

        @Test
        void fragmentedMp4CodecsWriteAnInitSegmentAndM4sSegments() {
            List<String> command = command("opus", null, null, CD_WAV);
            assertEquals(List.of("fmp4"), valuesOf(command, "-hls_segment_type"));
            assertEquals(List.of(HlsEncoding.INIT_SEGMENT), valuesOf(command, "-hls_fmp4_init_filename"));
            assertEquals(List.of(OUTPUT.resolve("segment_%05d.m4s").toString()), valuesOf(command, "-hls_segment_filename"));
        }

        @Test
        void flacInMp4NeedsStrictExperimentalInFfmpeg51() {
            assertEquals(List.of("experimental"), valuesOf(command("flac", null, null, CD_WAV), "-strict"));
        }

        @Test
        void mpegTsCodecsWriteTsSegments() {
            List<String> command = command("mp3", null, null, CD_WAV);
            assertEquals(List.of("mpegts"), valuesOf(command, "-hls_segment_type"));
            assertEquals(List.of(OUTPUT.resolve("segment_%05d.ts").toString()), valuesOf(command, "-hls_segment_filename"));
        }

        /** The value after each occurrence of an option. */
        private static List<String> valuesOf(List<String> command, String option) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < command.size() - 1; i++) {
                if (command.get(i).equals(option)) {
                    values.add(command.get(i + 1));
                }
            }
            return values;
        }
    }

    /** ffprobe is the first program to see an upload: it must not follow references in a disguised playlist. */
    @Nested
    class ProbeCommand {

        private final List<String> command = Ffmpeg.probeCommand("ffprobe", Path.of("uploads", "x.source"));

        private String valueOf(String option) {
            int at = command.indexOf(option);
            assertTrue(at >= 0 && at < command.size() - 1, option + " is given: " + command);
            return command.get(at + 1);
        }

        @Test
        void onlyTheAudioAllowlistMayDetectTheFormat() {
            assertEquals(String.join(",", Ffmpeg.AUDIO_DEMUXERS), valueOf("-format_whitelist"));
            for (String reference : List.of("hls", "concat", "ffconcat", "xbin", "sdp", "image2", "tty", "avi")) {
                assertFalse(Ffmpeg.AUDIO_DEMUXERS.contains(reference), reference + " can reference other inputs");
            }
        }

        @Test
        void onlyTheFileProtocolIsAllowed() {
            assertEquals("file", valueOf("-protocol_whitelist"));
        }

        @Test
        void theInputIsTheLastArgumentThroughTheFileProtocol() {
            assertEquals("file:" + Path.of("uploads", "x.source").toAbsolutePath(), command.get(command.size() - 1));
            assertTrue(command.indexOf("-format_whitelist") < command.size() - 1);
        }
    }

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
            Loudness loudness = Ffmpeg.parseLoudnorm(LOG);
            assertEquals(-21.05, loudness.integratedLufs());
            assertEquals(-21.07, loudness.truePeakDbtp());
            assertEquals(0.0, loudness.lra());
            assertEquals(-31.05, loudness.thresholdLufs());
            assertEquals(0.05, loudness.targetOffset());
        }

        @Test
        void silenceReadsAsNoValue() {
            Loudness loudness = Ffmpeg.parseLoudnorm(LOG.replace("\"-21.05\"", "\"-inf\"").replace("\"-21.07\"", "\"-inf\""));
            assertNull(loudness.integratedLufs());
            assertNull(loudness.truePeakDbtp());
            assertFalse(loudness.isMeasurable());
        }

        @Test
        void aLogWithoutMeasurementIsAnError() {
            assertThrows(IllegalStateException.class, () -> Ffmpeg.parseLoudnorm("Error while decoding stream #0:0"));
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
            Loudness loudness = Ffmpeg.parseEbur128(LOG);
            assertEquals(-27.8, loudness.integratedLufs());
            assertEquals(-22.3, loudness.truePeakDbtp());
            assertEquals(3.4, loudness.lra());
            assertEquals(-37.8, loudness.thresholdLufs());
        }

        @Test
        void onlyTheLastSummaryCounts() {
            Loudness loudness = Ffmpeg.parseEbur128(LOG.replace("-27.8 LUFS", "-99.0 LUFS") + LOG);
            assertEquals(-27.8, loudness.integratedLufs());
        }

        @Test
        void silenceReadsAsNoValue() {
            Loudness loudness = Ffmpeg.parseEbur128(LOG.replace("-27.8 LUFS", "-70.0 LUFS").replace("-22.3 dBFS", "-inf dBFS"));
            assertNull(loudness.integratedLufs());
            assertNull(loudness.truePeakDbtp());
            assertNull(loudness.thresholdLufs());
            assertFalse(loudness.isMeasurable());
        }

        @Test
        void aLogWithoutSummaryIsAnError() {
            assertThrows(IllegalStateException.class, () -> Ffmpeg.parseEbur128("Error while decoding stream #0:0"));
        }
    }
}

package io.streamserver.media.control;

import io.streamserver.media.entity.Codec;
import io.streamserver.media.entity.EncodingSettings;
import io.streamserver.media.entity.Loudness;
import io.streamserver.media.entity.SourceAudio;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The argument arrays of every ffmpeg and ffprobe run, which decide what a hostile upload can make them do. */
class FfmpegCommandsTest {

    @Nested
    class HlsCommand {

        private static final Path OUTPUT = Path.of("/data/encoder/job-1");

        private static final SourceAudio CD_WAV = new SourceAudio("wav", "pcm_s16le", 30, 44_100, 2, 16);

        private static final SourceAudio HI_RES_FLAC = new SourceAudio("flac", "flac", 30, 96_000, 2, 24);

        private static List<String> command(String codec, String bitrate, String profile, SourceAudio audio) {
            EncodingSettings settings = EncodingSettings.of(codec, bitrate, profile);
            HlsEncoding encoding = new HlsEncoding(Path.of("uploads", "in.wav"), audio, settings, OUTPUT, "segment", 6);
            return FfmpegCommands.hlsCommand("/opt/ffmpeg/bin/ffmpeg", encoding);
        }

        @Test
        void theConfiguredFfmpegIsRun() {
            assertEquals("/opt/ffmpeg/bin/ffmpeg", command("aac", null, null, CD_WAV).get(0));
        }

        /** A source that breaks after the seconds checked at upload fails its job rather than completing with gaps. */
        @Test
        void theFirstDecodingErrorStopsTheEncode() {
            assertTrue(command("aac", null, null, CD_WAV).contains("-xerror"));
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
                    -14.0, measured, null, false);
            List<String> filters = valuesOf(FfmpegCommands.hlsCommand("ffmpeg", encoding), "-af");

            assertEquals(List.of("loudnorm=I=-14.0:TP=-1.0:LRA=11.0:measured_I=-21.05:measured_TP=-21.07:measured_LRA=0.00:"
                    + "measured_thresh=-31.05:offset=0.05:linear=true:print_format=none,aformat=sample_rates=44100"), filters);
        }

        @Test
        void aSilentSourceIsNotNormalised() {
            EncodingSettings settings = EncodingSettings.of("aac", null, null);
            HlsEncoding encoding = new HlsEncoding(Path.of("uploads", "in.wav"), CD_WAV, settings, OUTPUT, "segment", 6,
                    -14.0, new Loudness(null, null, null, null, null), null, false);
            assertFalse(FfmpegCommands.hlsCommand("ffmpeg", encoding).contains("-af"));
        }

        private static HlsEncoding split(Double target, HlsEncoding.Meter meter, boolean waveform) {
            Loudness measured = target == null ? null : new Loudness(-21.05, -21.07, 0.0, -31.05, 0.05);
            return new HlsEncoding(Path.of("uploads", "in.wav"), CD_WAV, EncodingSettings.of("aac", null, null), OUTPUT,
                    "segment", 6, target, measured, meter, waveform);
        }

        @Test
        void theMeterAndTheWaveformShareTheEncodesDecodeThroughOneSplit() {
            List<String> command = FfmpegCommands.hlsCommand("ffmpeg", split(null, HlsEncoding.Meter.SAMPLE_PEAK, true));

            assertEquals(List.of("[0:a:0]asplit=2[encode][side];[side]ebur128=peak=sample:framelog=verbose,"
                    + "aresample,aformat=channel_layouts=mono[waveform]"), valuesOf(command, "-filter_complex"));
            assertEquals(List.of("[encode]", "[waveform]"), valuesOf(command, "-map"));
            assertEquals(List.of("-map", "[waveform]", "-c:a", "pcm_s8", "-flush_packets", "0", "-f", "s8", "pipe:1"),
                    command.subList(command.size() - 9, command.size()));
            assertEquals(1, command.stream().filter(argument -> argument.startsWith("file:")).count(), "one input, decoded once");
            assertFalse(command.contains("-af"));
        }

        @Test
        void theTruePeakIsMeteredOnlyWhenAsked() {
            assertTrue(valuesOf(FfmpegCommands.hlsCommand("ffmpeg", split(null, HlsEncoding.Meter.TRUE_PEAK, true)),
                    "-filter_complex").get(0).contains("ebur128=peak=sample+true:"));
        }

        @Test
        void aMeterWithoutAWaveformSendsItsBranchNowhere() {
            List<String> command = FfmpegCommands.hlsCommand("ffmpeg", split(null, HlsEncoding.Meter.SAMPLE_PEAK, false));

            assertEquals(List.of("-map", "[waveform]", "-f", "null", "-"), command.subList(command.size() - 5, command.size()));
        }

        @Test
        void aNormalisedEncodeDrawsTheWaveformOfTheNormalisedAudio() {
            String graph = valuesOf(FfmpegCommands.hlsCommand("ffmpeg", split(-14.0, null, true)), "-filter_complex").get(0);

            assertTrue(graph.startsWith("[0:a:0]loudnorm=I=-14.0:"), graph);
            assertTrue(graph.contains(",asplit=2[encode][side];[side]aresample,aformat=channel_layouts=mono[waveform]"), graph);
            assertFalse(graph.contains("ebur128"), graph);
        }

        @Test
        void theReportsPathIsEscapedForFfreportsParser() {
            assertEquals("file=/data/a\\:b/ffmpeg-report.log:level=32",
                    FfmpegCommands.report(Path.of("/data/a:b/ffmpeg-report.log")));
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
    }

    /** ffprobe is the first program to see an upload: it must not follow references in a disguised playlist. */
    @Nested
    class ProbeCommand {

        private final List<String> command = FfmpegCommands.probeCommand("ffprobe", Path.of("uploads", "x.source"));

        private String valueOf(String option) {
            int at = command.indexOf(option);
            assertTrue(at >= 0 && at < command.size() - 1, option + " is given: " + command);
            return command.get(at + 1);
        }

        @Test
        void onlyTheAudioAllowlistMayDetectTheFormat() {
            assertEquals(String.join(",", FfmpegCommands.AUDIO_DEMUXERS), valueOf("-format_whitelist"));
            for (String reference : List.of("hls", "concat", "ffconcat", "xbin", "sdp", "image2", "tty", "avi")) {
                assertFalse(FfmpegCommands.AUDIO_DEMUXERS.contains(reference), reference + " can reference other inputs");
            }
        }

        @Test
        void onlyTheFileProtocolIsAllowed() {
            assertEquals("file", valueOf("-protocol_whitelist"));
        }

        /** One process probes and decodes: the first seconds of the first audio stream, every frame of them. */
        @Test
        void theFirstSecondsOfTheFirstAudioStreamAreDecoded() {
            assertEquals("a:0", valueOf("-select_streams"));
            assertEquals("%+5", valueOf("-read_intervals"));
            assertTrue(command.contains("-count_frames"), command.toString());
            assertTrue(valueOf("-show_entries").contains("nb_read_frames"), command.toString());
            assertEquals("error", valueOf("-v"), "the log holds errors only: it is the decoding's verdict");
        }

        @Test
        void theInputIsTheLastArgumentThroughTheFileProtocol() {
            assertEquals("file:" + Path.of("uploads", "x.source").toAbsolutePath(), command.get(command.size() - 1));
            assertTrue(command.indexOf("-format_whitelist") < command.size() - 1);
        }
    }

    /** The loudness measurements read their input as carefully as the encode does. */
    @Nested
    class MeasurementCommands {

        private static final Path SOURCE = Path.of("uploads", "in.flac");

        private static final SourceAudio FLAC = new SourceAudio("flac", "flac", 30, 96_000, 2, 24);

        @Test
        void theSourceIsReadThroughTheFileProtocolWithItsDemuxerForcedAndOnlyItsFirstAudioStream() {
            for (List<String> command : List.of(FfmpegCommands.sourceLoudnormCommand("ffmpeg", SOURCE, FLAC, -14))) {
                int input = command.indexOf("-i");
                assertEquals("file:" + SOURCE.toAbsolutePath(), command.get(input + 1));
                assertEquals(List.of("-protocol_whitelist", "file", "-f", "flac"), command.subList(input - 4, input));
                assertEquals(List.of("0:a:0"), valuesOf(command, "-map"));
                assertTrue(command.contains("-nostdin"));
                assertEquals(List.of("-f", "null", "-"), command.subList(command.size() - 3, command.size()));
            }
        }

        @Test
        void loudnormsFirstPassMeasuresAgainstTheTargetAndPrintsJson() {
            assertEquals(List.of("loudnorm=I=-14.0:TP=-1.0:LRA=11.0:print_format=json"),
                    valuesOf(FfmpegCommands.sourceLoudnormCommand("ffmpeg", SOURCE, FLAC, -14), "-af"));
        }

        @Test
        void fragmentedMp4SegmentsAreReadAfterTheirInitSegment() {
            List<String> command = FfmpegCommands.segmentsEbur128Command("ffmpeg", Codec.Container.FRAGMENTED_MP4, "init.mp4",
                    List.of("a_00001.m4s", "a_00002.m4s"));

            assertEquals(List.of("concat:init.mp4|a_00001.m4s|a_00002.m4s"), valuesOf(command, "-i"));
            assertEquals(List.of("mp4", "null"), valuesOf(command, "-f"));
            assertEquals(List.of("file,concat"), valuesOf(command, "-protocol_whitelist"));
        }

        @Test
        void mpegTsSegmentsNeedNoInitSegment() {
            List<String> command = FfmpegCommands.segmentsEbur128Command("ffmpeg", Codec.Container.MPEG_TS, "init.mp4",
                    List.of("a_00001.ts", "a_00002.ts"));

            assertEquals(List.of("concat:a_00001.ts|a_00002.ts"), valuesOf(command, "-i"));
            assertEquals(List.of("mpegts", "null"), valuesOf(command, "-f"));
        }
    }

    @Test
    void theVersionIsAskedOfTheConfiguredFfmpeg() {
        assertEquals(List.of("/opt/ffmpeg/bin/ffmpeg", "-hide_banner", "-version"),
                FfmpegCommands.versionCommand("/opt/ffmpeg/bin/ffmpeg"));
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

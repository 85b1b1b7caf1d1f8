package io.streamserver.media.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodecTest {

    @ParameterizedTest
    @CsvSource({"aac, AAC", "MP3, MP3", "' Opus ', OPUS", "flac, FLAC"})
    void parseIgnoresCaseAndSurroundingSpace(String value, Codec expected) {
        assertEquals(expected, Codec.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vorbis", "wav", "a ac", ""})
    void parseRefusesAnUnknownCodecNamingTheCodecParameter(String value) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> Codec.parse(value));
        assertEquals("codec", e.parameter());
    }

    @ParameterizedTest
    @CsvSource({"AAC, MPEG_TS", "MP3, MPEG_TS", "OPUS, FRAGMENTED_MP4", "FLAC, FRAGMENTED_MP4"})
    void opusAndFlacGoToFragmentedMp4AndTheOthersToMpegTs(Codec codec, Codec.Container expected) {
        assertEquals(expected, codec.defaultContainer());
        assertEquals(expected, codec.checkContainer(null), "a request without a container gets the codec's default");
    }

    @ParameterizedTest
    @CsvSource({"ts, MPEG_TS", "cmaf, FRAGMENTED_MP4", " CMAF , FRAGMENTED_MP4"})
    void theContainerFieldIsTsOrCmaf(String value, Codec.Container expected) {
        assertEquals(expected, Codec.Container.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp4", "fmp4", "m4s", "mpegts"})
    void anotherContainerIsRefusedNamingTheField(String value) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> Codec.Container.parse(value));
        assertEquals("container", e.parameter());
        assertEquals("container: must be ts or cmaf", e.getMessage());
    }

    @Test
    void aacGoesToEitherContainerAndTheOthersOnlyToTheirOwn() {
        assertEquals(Codec.Container.FRAGMENTED_MP4, Codec.AAC.checkContainer(Codec.Container.FRAGMENTED_MP4));
        assertEquals(Codec.Container.MPEG_TS, Codec.AAC.checkContainer(Codec.Container.MPEG_TS));
        assertEquals(Codec.Container.FRAGMENTED_MP4, Codec.OPUS.checkContainer(Codec.Container.FRAGMENTED_MP4),
                "cmaf with opus or flac is what they get anyway");
        assertEquals("container: flac is packaged in cmaf (fragmented MP4) only", assertThrows(
                InvalidParameterException.class, () -> Codec.FLAC.checkContainer(Codec.Container.MPEG_TS)).getMessage());
        assertEquals("container", assertThrows(InvalidParameterException.class,
                () -> Codec.OPUS.checkContainer(Codec.Container.MPEG_TS)).parameter());
        assertTrue(assertThrows(InvalidParameterException.class,
                () -> Codec.MP3.checkContainer(Codec.Container.FRAGMENTED_MP4)).getMessage().contains("mp3 is packaged in ts only"));
    }

    @Test
    void eachContainerHasItsSegmentExtensionAndMediaType() {
        assertEquals("ts", Codec.Container.MPEG_TS.segmentExtension);
        assertEquals("video/mp2t", Codec.Container.MPEG_TS.mediaType);
        assertEquals("m4s", Codec.Container.FRAGMENTED_MP4.segmentExtension);
        assertEquals("audio/mp4", Codec.Container.FRAGMENTED_MP4.mediaType);
    }

    @ParameterizedTest
    @CsvSource({"AAC, mp4a.40.2", "MP3, mp4a.40.34", "OPUS, Opus", "FLAC, fLaC"})
    void hlsCodecsIsTheRfc6381Name(Codec codec, String expected) {
        assertEquals(expected, codec.hlsCodecs());
    }

    @Test
    void onlyFlacIsLossless() {
        assertTrue(Codec.FLAC.isLossless());
        assertFalse(Codec.AAC.isLossless());
        assertFalse(Codec.MP3.isLossless());
        assertFalse(Codec.OPUS.isLossless());
    }

    @Test
    void apiNameIsTheLowerCaseName() {
        assertEquals("opus", Codec.OPUS.apiName());
    }

    @ParameterizedTest
    @ValueSource(ints = {32_000, 128_000, 512_000})
    void aacAcceptsBitratesFrom32To512Kilobits(int bitrate) {
        assertEquals(bitrate, Codec.AAC.checkBitrate(bitrate));
    }

    @ParameterizedTest
    @ValueSource(ints = {31_999, 512_001, 1_000_000})
    void aacRefusesBitratesOutside32To512Kilobits(int bitrate) {
        assertRefused(Codec.AAC, bitrate);
    }

    @ParameterizedTest
    @ValueSource(ints = {32_000, 40_000, 48_000, 56_000, 64_000, 80_000, 96_000, 112_000, 128_000, 160_000, 192_000,
            224_000, 256_000, 320_000})
    void mp3AcceptsEveryLayerThreeBitrate(int bitrate) {
        assertEquals(bitrate, Codec.MP3.checkBitrate(bitrate));
    }

    @ParameterizedTest
    @ValueSource(ints = {8_000, 100_000, 128_500, 128_001, 330_000, 384_000})
    void mp3RefusesBitratesOutsideTheLayerThreeSet(int bitrate) {
        assertRefused(Codec.MP3, bitrate);
    }

    @ParameterizedTest
    @ValueSource(ints = {6_000, 96_000, 510_000})
    void opusAcceptsBitratesFrom6To510Kilobits(int bitrate) {
        assertEquals(bitrate, Codec.OPUS.checkBitrate(bitrate));
    }

    @ParameterizedTest
    @ValueSource(ints = {5_999, 510_001})
    void opusRefusesBitratesOutside6To510Kilobits(int bitrate) {
        assertRefused(Codec.OPUS, bitrate);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 192_000, 1_411_200})
    void flacRefusesAnyBitrate(int bitrate) {
        assertRefused(Codec.FLAC, bitrate);
    }

    private static void assertRefused(Codec codec, int bitrate) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> codec.checkBitrate(bitrate));
        assertEquals("bitrate", e.parameter());
    }
}

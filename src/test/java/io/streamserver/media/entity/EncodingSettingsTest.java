package io.streamserver.media.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EncodingSettingsTest {

    @Test
    void withoutCodecOrProfileTheOutputIsAacAtTheHighProfile() {
        EncodingSettings settings = EncodingSettings.of(null, null, null);

        assertEquals(Codec.AAC, settings.codec());
        assertEquals(QualityProfile.HIGH, settings.profile());
        assertEquals(256_000, settings.bitrate());
    }

    @Test
    void blankValuesCountAsAbsent() {
        EncodingSettings settings = EncodingSettings.of(" ", "", "\t");

        assertEquals(Codec.AAC, settings.codec());
        assertEquals(QualityProfile.HIGH, settings.profile());
        assertEquals(256_000, settings.bitrate());
    }

    @Test
    void hiResWithALossyCodecKeepsThatCodecAtTheProfileBitrate() {
        EncodingSettings settings = EncodingSettings.of("aac", null, "hi_res");

        assertEquals(Codec.AAC, settings.codec());
        assertEquals(320_000, settings.bitrate());
    }

    @ParameterizedTest
    @CsvSource({"mp3, low, MP3, 96000", "opus, medium, OPUS, 128000", "OPUS, ' High ', OPUS, 192000"})
    void withoutBitrateTheProfileGivesTheBitrateForTheChosenCodec(String codec, String profile, Codec expectedCodec,
                                                                   int expectedBitrate) {
        EncodingSettings settings = EncodingSettings.of(codec, null, profile);

        assertEquals(expectedCodec, settings.codec());
        assertEquals(expectedBitrate, settings.bitrate());
    }

    @Test
    void anExplicitBitrateOverridesTheProfileButKeepsTheProfile() {
        EncodingSettings settings = EncodingSettings.of("aac", "128000", "hi_res");

        assertEquals(128_000, settings.bitrate());
        assertEquals(QualityProfile.HI_RES, settings.profile());
    }

    @ParameterizedTest
    @CsvSource({"192000, 192000", "192k, 192000", "192K, 192000", "' 160k ', 160000", "'96000 ', 96000"})
    void bitrateAcceptsBitsPerSecondAndTheKiloShorthand(String value, int expected) {
        assertEquals(expected, EncodingSettings.of("mp3", value, null).bitrate());
    }

    @ParameterizedTest
    @CsvSource({"aac, 31999", "aac, 513k", "mp3, 100k", "mp3, 128500", "opus, 5999", "opus, 511k", "flac, 192000",
            "flac, 1k"})
    void anExplicitBitrateIsValidatedForTheChosenCodec(String codec, String bitrate) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> EncodingSettings.of(codec, bitrate, null));
        assertEquals("bitrate", e.parameter());
    }

    @Test
    void anExplicitBitrateWithHiResAloneIsRefusedBecauseThatMeansFlac() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> EncodingSettings.of(null, "320k", "hi_res"));
        assertEquals("bitrate", e.parameter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "-192000", "-192k", "0", "0k", "k", "1.5k", "192 k", "192kbps", "192000b",
            "99999999999", "3000000k"})
    void aBitrateThatIsNotAPositiveIntegerNumberOfBitsIsRefused(String value) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> EncodingSettings.of("aac", value, null));
        assertEquals("bitrate", e.parameter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0k", "-1", "-32k", "2147483648", "2147484k"})
    void parseBitrateRefusesZeroNegativeAndOversizedValuesWhateverTheCodec(String value) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> EncodingSettings.parseBitrate(value));
        assertEquals("bitrate", e.parameter());
    }

    @Test
    void parseBitrateAcceptsTheLargestInt() {
        assertEquals(Integer.MAX_VALUE, EncodingSettings.parseBitrate("2147483647"));
    }

    @Test
    void anUnknownCodecNamesTheCodecParameter() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> EncodingSettings.of("vorbis", null, null));
        assertEquals("codec", e.parameter());
    }

    @Test
    void anUnknownProfileNamesTheQualityProfileParameter() {
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> EncodingSettings.of("aac", null, "ultra"));
        assertEquals("quality_profile", e.parameter());
    }

    @ParameterizedTest
    @CsvSource({"hi_res, 96000, 96000", "hi_res, 192000, 192000", "hi_res, 384000, 192000",
            "high, 44100, 44100", "high, 96000, 48000", "medium, 48000, 44100", "low, 22050, 22050"})
    void flacKeepsTheSourceSampleRateUpToTheProfileLimit(String profile, int source, int expected) {
        assertEquals(expected, flac(profile).flacSampleRate(source));
    }

    @ParameterizedTest
    @CsvSource({"hi_res, 24, 24", "hi_res, 32, 24", "hi_res, 20, 24", "hi_res, 16, 16", "hi_res, 8, 16",
            "high, 24, 16", "low, 32, 16"})
    void flacKeeps16Or24BitsUpToTheProfileLimit(String profile, int source, int expected) {
        assertEquals(expected, flac(profile).flacBitDepth(source));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(ints = {0, -1})
    void flacAssumes16BitsWhenTheSourceDepthIsUnknown(Integer source) {
        assertEquals(16, flac("hi_res").flacBitDepth(source));
    }

    @Test
    void hiResWithoutCodecMeansLosslessFlacWithoutBitrate() {
        EncodingSettings settings = EncodingSettings.of(null, null, "hi_res");
        assertEquals(Codec.FLAC, settings.codec());
        assertNull(settings.bitrate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hi_res", "high", "medium", "low"})
    void explicitFlacHasNoBitrateWhateverTheProfile(String profile) {
        EncodingSettings settings = EncodingSettings.of("flac", null, profile);
        assertEquals(Codec.FLAC, settings.codec());
        assertEquals(QualityProfile.parse(profile), settings.profile());
        assertNull(settings.bitrate());
    }

    @Test
    void bitrateSoLargeItWouldOverflowIsRefused() {
        InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                () -> EncodingSettings.of("aac", "2305843009213694080k", null));
        assertEquals("bitrate", refused.parameter());
    }

    private static EncodingSettings flac(String profile) {
        return EncodingSettings.of("flac", null, profile);
    }

    @Test
    void withoutAContainerEachCodecKeepsItsDefaultAndCmafPutsAacInFragmentedMp4() {
        assertEquals(Codec.Container.MPEG_TS, EncodingSettings.of("aac", null, null).container());
        assertEquals(Codec.Container.FRAGMENTED_MP4, EncodingSettings.of("flac", null, null).container());
        EncodingSettings cmaf = EncodingSettings.of("aac", "128k", "low").packagedIn(Codec.Container.FRAGMENTED_MP4);
        assertEquals(Codec.Container.FRAGMENTED_MP4, cmaf.container());
        assertEquals(true, cmaf.isFragmented());
        assertEquals(128_000, cmaf.bitrate(), "the rest of the settings stay");
        assertEquals(QualityProfile.LOW, cmaf.profile());
        assertEquals(Codec.Container.MPEG_TS, cmaf.packagedIn(null).container(), "no choice: the codec's default");
        assertEquals("container", assertThrows(InvalidParameterException.class,
                () -> EncodingSettings.of("opus", null, null).packagedIn(Codec.Container.MPEG_TS)).parameter());
    }

    @Test
    void aLaddersRungsTakeTheJobsOneContainer() {
        var ladder = Rendition.parseLadder("low,high", null).stream()
                .map(r -> r.packagedIn(Codec.Container.FRAGMENTED_MP4)).toList();
        assertEquals(java.util.List.of(Codec.Container.FRAGMENTED_MP4, Codec.Container.FRAGMENTED_MP4),
                ladder.stream().map(Rendition::container).toList());
        assertEquals("low", ladder.get(0).name());
    }
}

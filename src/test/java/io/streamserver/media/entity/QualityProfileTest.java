package io.streamserver.media.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QualityProfileTest {

    @ParameterizedTest(name = "{0}: aac {1}, mp3 {2}, opus {3}, flac up to {4} Hz / {5} bit")
    @CsvSource({
            "HI_RES, 320000, 320000, 256000, 192000, 24",
            "HIGH,   256000, 320000, 192000,  48000, 16",
            "MEDIUM, 128000, 192000, 128000,  44100, 16",
            "LOW,     64000,  96000,  48000,  44100, 16"})
    void eachProfileHasItsBitratePerLossyCodecAndItsFlacLimits(QualityProfile profile, int aac, int mp3, int opus,
                                                                int flacMaxSampleRate, int flacMaxBitDepth) {
        assertAll(
                () -> assertEquals(aac, profile.bitrate(Codec.AAC)),
                () -> assertEquals(mp3, profile.bitrate(Codec.MP3)),
                () -> assertEquals(opus, profile.bitrate(Codec.OPUS)),
                () -> assertEquals(flacMaxSampleRate, profile.flacMaxSampleRate()),
                () -> assertEquals(flacMaxBitDepth, profile.flacMaxBitDepth()));
    }

    @ParameterizedTest
    @EnumSource(QualityProfile.class)
    void noProfileGivesFlacABitrate(QualityProfile profile) {
        assertNull(profile.bitrate(Codec.FLAC));
    }

    @ParameterizedTest
    @EnumSource(QualityProfile.class)
    void everyProfileBitrateIsOneItsCodecAccepts(QualityProfile profile) {
        assertAll(
                () -> Codec.AAC.checkBitrate(profile.bitrate(Codec.AAC)),
                () -> Codec.MP3.checkBitrate(profile.bitrate(Codec.MP3)),
                () -> Codec.OPUS.checkBitrate(profile.bitrate(Codec.OPUS)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void noProfileMeansHigh(String value) {
        assertEquals(QualityProfile.HIGH, QualityProfile.parse(value));
    }

    @ParameterizedTest
    @CsvSource({"hi_res, HI_RES", "HIGH, HIGH", "' Medium ', MEDIUM", "low, LOW"})
    void parseIgnoresCaseAndSurroundingSpace(String value, QualityProfile expected) {
        assertEquals(expected, QualityProfile.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hires", "hi-res", "ultra", "best"})
    void parseRefusesAnUnknownProfileNamingTheQualityProfileParameter(String value) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> QualityProfile.parse(value));
        assertEquals("quality_profile", e.parameter());
    }

    @Test
    void apiNameIsTheLowerCaseName() {
        assertEquals("hi_res", QualityProfile.HI_RES.apiName());
    }
}

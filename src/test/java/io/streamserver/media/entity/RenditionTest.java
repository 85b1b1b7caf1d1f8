package io.streamserver.media.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenditionTest {

    @Test
    void profilesAloneAreAacRungsNamedAfterTheProfile() {
        List<Rendition> ladder = Rendition.parseLadder("low, medium,HIGH", null);
        assertEquals(List.of("low", "medium", "high"), ladder.stream().map(Rendition::name).toList());
        assertEquals(List.of(64_000, 128_000, 256_000), ladder.stream().map(r -> r.settings().bitrate()).toList());
        assertTrue(ladder.stream().allMatch(r -> r.settings().codec() == Codec.AAC));
        assertEquals("high.m3u8", ladder.get(2).playlist());
        assertEquals("high", ladder.get(2).segmentPrefix());
    }

    @Test
    void profilesAloneTakeTheFormsCodec() {
        List<Rendition> ladder = Rendition.parseLadder("low,aac:high", "mp3");
        assertEquals(List.of(Codec.MP3, Codec.AAC), ladder.stream().map(r -> r.settings().codec()).toList());
        assertEquals(List.of(96_000, 256_000), ladder.stream().map(r -> r.settings().bitrate()).toList());
    }

    @Test
    void codecsMixNamedCodecUnderscoreProfile() {
        List<Rendition> ladder = Rendition.parseLadder("aac:high,flac:hi_res", null);
        assertEquals(List.of("aac_high", "flac_hi_res"), ladder.stream().map(Rendition::name).toList());
        assertNull(ladder.get(1).settings().bitrate());
        assertEquals(QualityProfile.HI_RES, ladder.get(1).settings().profile());
        assertEquals("flac_hi_res_init.mp4", ladder.get(1).initSegment());
    }

    @Test
    void aRenditionKeepsTheSettingsItIsMadeWith() {
        Rendition rendition = new Rendition("mp3_medium", EncodingSettings.of("mp3", "128000", "medium"));

        assertEquals(Codec.MP3, rendition.settings().codec());
        assertEquals(QualityProfile.MEDIUM, rendition.settings().profile());
        assertEquals(128_000, rendition.settings().bitrate());
    }

    @Test
    void aRenditionNeedsItsSettings() {
        assertThrows(NullPointerException.class, () -> new Rendition("low", null));
    }

    @Test
    void theSingleRenditionKeepsTheSeedsFileNames() {
        Rendition single = Rendition.single(EncodingSettings.of("opus", null, null));
        assertEquals("index.m3u8", single.playlist());
        assertEquals("init.mp4", single.initSegment());
        assertEquals("segment", single.segmentPrefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flac:hi_res", "opus:high,mp3:low", "mp3:high"})
    void aLadderWithAnotherCodecButNoAacIsRefused(String value) {
        InvalidParameterException refusal = assertThrows(InvalidParameterException.class,
                () -> Rendition.parseLadder(value, null));
        assertEquals("renditions", refusal.parameter());
        assertTrue(refusal.getMessage().contains("aac"), refusal.getMessage());
    }

    @Test
    void aLadderOfAnotherCodecByDefaultNeedsAnAacRungToo() {
        assertThrows(InvalidParameterException.class, () -> Rendition.parseLadder("low,high", "opus"));
        assertEquals(3, Rendition.parseLadder("low,high,aac:high", "opus").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "high,,low", "ultra", "wav:high", "aac:", "high,high", "aac:low,aac:low",
            "low,medium,high,hi_res,aac:low,aac:medium,aac:high"})
    void malformedLaddersAreRefusedNamingTheField(String value) {
        InvalidParameterException refusal = assertThrows(InvalidParameterException.class,
                () -> Rendition.parseLadder(value, null));
        assertTrue(refusal.getMessage().startsWith("renditions: "), refusal.getMessage());
    }
}

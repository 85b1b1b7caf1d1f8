package io.streamserver.jobs.entity;

import io.streamserver.media.entity.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TrackIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "track-1", "Song_2.remaster", "0abc", "A.b_c-D"})
    void aTrackIdIsLettersDigitsDotsUnderscoresAndHyphens(String value) {
        assertEquals(value, new TrackId(value).value());
    }

    @Test
    void aTrackIdHasUpTo128Characters() {
        String longest = "a".repeat(128);

        assertEquals(longest, new TrackId(longest).value());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-abc", "_abc", ".hidden", "..", "a b", "a/b", "a\\b", "../etc", "ü", "a\nb", "track?"})
    void anythingElseIsRefusedNamingTheTrackIdParameter(String value) {
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> new TrackId(value));
        assertEquals("track_id", e.parameter());
    }

    @Test
    void aTrackIdOf129CharactersIsRefused() {
        assertThrows(InvalidParameterException.class, () -> new TrackId("a".repeat(129)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "song.mp3                        | song",
            "/home/ana/music/song.wav        | song",
            "C:\\Users\\ana\\Music\\song.flac | song",
            "../../etc/passwd                | passwd",
            "archive.tar.gz                  | archive.tar",
            "no-extension                    | no-extension",
            "song.                           | song",
            "'my song (live).mp3'            | my_song__live_",
            "Beyoncé – Halo.m4a              | Beyonc____Halo",
            ".hidden                         | hidden",
            "__init__.wav                    | init__",
            "-rf.mp3                         | rf"})
    void fromFileNameKeepsTheBaseNameWithOddCharactersReplaced(String fileName, String expected) {
        assertEquals(expected, TrackId.fromFileName(fileName).value());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"/", "ü.mp3", "???.wav", "..mp3", "C:\\"})
    void fromFileNameFallsBackToTrackWhenNothingUsableRemains(String fileName) {
        assertEquals("track", TrackId.fromFileName(fileName).value());
    }

    @Test
    void fromFileNameStripsFoldersEvenAcrossLineBreaks() {
        assertEquals("song", TrackId.fromFileName("dir\nname/song.mp3").value());
    }

    @Test
    void fromFileNameCutsLongNamesTo128Characters() {
        assertEquals("a".repeat(128), TrackId.fromFileName("a".repeat(300) + ".wav").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"song.mp3", "'quoted'.wav", "-_-.flac", "x y z", "%00.mp3", "émigré.ogg", "a\tb.wav",
            "...", "._.-.mp3", "résumé (1).m4a"})
    void everyDerivedTrackIdIsOneThatWouldBeAcceptedAsGiven(String fileName) {
        TrackId derived = TrackId.fromFileName(fileName);

        assertEquals(derived, new TrackId(derived.value()));
    }
}

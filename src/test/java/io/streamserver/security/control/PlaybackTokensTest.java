package io.streamserver.security.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaybackTokensTest {

    private static final String JOB = "550e8400-e29b-41d4-a716-446655440000";
    private static final String OTHER_JOB = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static PlaybackTokens at(Instant now) {
        return new PlaybackTokens(KEY, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aFreshTokenIsValidForItsJob() {
        assertTrue(at(NOW).valid(JOB, at(NOW).sign(JOB)));
    }

    @Test
    void theTokenCarriesItsExpiry() {
        assertTrue(at(NOW).sign(JOB).startsWith(NOW.plus(Duration.ofHours(1)).getEpochSecond() + "."));
    }

    /** The hls_url of a job stays the same for a while, or the events stream would send the job anew every tick. */
    @Test
    void tokensSignedWithinOneWindowAreTheSameAndLastAtLeastTheTtl() {
        String first = at(NOW.plusSeconds(1)).sign(JOB);
        assertEquals(first, at(NOW.plus(Duration.ofMinutes(5))).sign(JOB));
        assertEquals(first, at(NOW.plus(Duration.ofMinutes(6))).sign(JOB));
        assertFalse(first.equals(at(NOW.plus(Duration.ofMinutes(6)).plusSeconds(1)).sign(JOB)), "the next window");
        for (int second = 0; second < 400; second += 7) {
            Instant signed = NOW.plusSeconds(second);
            long expiry = Long.parseLong(at(signed).sign(JOB).split("\\.")[0]);
            long earliest = signed.plus(Duration.ofHours(1)).getEpochSecond();
            assertTrue(expiry >= earliest && expiry <= earliest + 360, second + " s: " + expiry);
        }
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = at(NOW).sign(JOB);
        assertTrue(at(NOW.plus(Duration.ofMinutes(59))).valid(JOB, token));
        assertFalse(at(NOW.plus(Duration.ofMinutes(61))).valid(JOB, token));
    }

    @Test
    void aTokenForAnotherJobIsRefused() {
        assertFalse(at(NOW).valid(OTHER_JOB, at(NOW).sign(JOB)));
    }

    @Test
    void aLaterExpiryWithTheOldSignatureIsRefused() {
        String token = at(NOW).sign(JOB);
        String signature = token.substring(token.indexOf('.') + 1);
        long later = NOW.plus(Duration.ofDays(365)).getEpochSecond();
        assertFalse(at(NOW).valid(JOB, later + "." + signature));
    }

    @Test
    void anAlteredSignatureIsRefused() {
        String token = at(NOW).sign(JOB);
        char last = token.charAt(token.length() - 1);
        assertFalse(at(NOW).valid(JOB, token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A')));
    }

    @Test
    void anotherKeyMakesAnotherSignature() {
        PlaybackTokens other = new PlaybackTokens("another key, also thirty-two bytes".getBytes(StandardCharsets.US_ASCII),
                Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
        assertFalse(at(NOW).valid(JOB, other.sign(JOB)));
    }

    @Test
    void malformedTokensAreRefused() {
        for (String token : new String[]{null, "", ".", "abc", "123", "x.y", "." + at(NOW).sign(JOB)}) {
            assertFalse(at(NOW).valid(JOB, token), String.valueOf(token));
        }
    }

    @Test
    void everyRelativeUriOfAMediaPlaylistGetsTheToken() {
        String playlist = """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MAP:URI="init.mp4"
                #EXTINF:6.000000,
                segment_00001.m4s
                #EXTINF:2.000000,
                segment_00002.m4s
                #EXT-X-ENDLIST
                """;
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MAP:URI="init.mp4?token=T"
                #EXTINF:6.000000,
                segment_00001.m4s?token=T
                #EXTINF:2.000000,
                segment_00002.m4s?token=T
                #EXT-X-ENDLIST
                """, PlaybackTokens.propagate(playlist, "T"));
    }

    @Test
    void renditionPlaylistsOfAMasterPlaylistGetTheToken() {
        String master = """
                #EXTM3U
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="low",URI="low.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=192000,CODECS="mp4a.40.2"
                high.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS="mp4a.40.2"
                low.m3u8?variant=1
                """;
        String signed = PlaybackTokens.propagate(master, "T");
        assertTrue(signed.contains("URI=\"low.m3u8?token=T\""), signed);
        assertTrue(signed.contains("\nhigh.m3u8?token=T\n"), signed);
        assertTrue(signed.contains("\nlow.m3u8?variant=1&token=T\n"), signed);
        assertTrue(signed.contains("CODECS=\"mp4a.40.2\"\n"), "other attributes are untouched: " + signed);
    }

    @Test
    void absoluteUrisNeverCarryTheToken() {
        String playlist = "#EXTM3U\n#EXTINF:6,\nhttps://cdn.example/segment_00001.ts\n#EXTINF:6,\n/elsewhere/segment.ts\n";
        assertEquals(playlist, PlaybackTokens.propagate(playlist, "T"));
    }

    /** One token opens the playlist, the manifest and the download, so a client signs nothing itself. */
    @Test
    void theJobsUrlsCarryOneTokenOrNone() {
        String token = at(NOW).sign(JOB);
        PlaybackUrls signed = PlaybackUrls.of(JOB.toUpperCase(java.util.Locale.ROOT), token);
        assertEquals("/v1/stream/hls/" + JOB + "/index.m3u8?token=" + token, signed.hls());
        assertEquals("/v1/stream/hls/" + JOB + "/manifest.mpd?token=" + token, signed.dash());
        assertEquals("/v1/stream/job/" + JOB + "/download?token=" + token, signed.download());
        PlaybackUrls plain = PlaybackUrls.of(JOB, null);
        assertEquals(java.util.List.of("/v1/stream/hls/" + JOB + "/index.m3u8", "/v1/stream/hls/" + JOB + "/manifest.mpd",
                "/v1/stream/job/" + JOB + "/download"), java.util.List.of(plain.hls(), plain.dash(), plain.download()));
    }
}

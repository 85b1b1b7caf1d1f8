package io.streamserver.playback.boundary;

import io.streamserver.Browser;
import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every codec end to end over HTTP, played by real players: ffmpeg as the HLS client decodes the whole stream
 * (its length and its continuity across segment boundaries are measured), and hls.js in headless Chromium plays it.
 */
@ExtendWith(ArquillianExtension.class)
class CodecPlaybackIT {

    static final int RATE = 44_100;
    static final double SOURCE_SECONDS = 20;
    private static final Pattern EXTINF = Pattern.compile("(?m)^#EXTINF:([0-9.]+),\\n([^#\\n]+)$");

    /** What each codec must produce, and the frame it is cut in (samples at the rate it encodes at). */
    enum Expected {
        AAC("segment_\\d{5}\\.ts", "video/mp2t", 1024, RATE, 0.0, 0.050),
        MP3("segment_\\d{5}\\.ts", "video/mp2t", 1152, RATE, 0.0, 0.050),
        OPUS("segment_\\d{5}\\.m4s", "audio/mp4", 960, 48_000, -0.020, 0.020),
        FLAC("segment_\\d{5}\\.m4s", "audio/mp4", 4608, RATE, -4608.0 / RATE, 4608.0 / RATE);

        final Pattern segmentName;
        final String mediaType;
        final int frameSamples;
        final int frameRate;
        final double minExtraSeconds;
        final double maxExtraSeconds;

        Expected(String segmentName, String mediaType, int frameSamples, int frameRate, double minExtra, double maxExtra) {
            this.segmentName = Pattern.compile(segmentName);
            this.mediaType = mediaType;
            this.frameSamples = frameSamples;
            this.frameRate = frameRate;
            this.minExtraSeconds = minExtra;
            this.maxExtraSeconds = maxExtra;
        }

        boolean fragmented() {
            return mediaType.equals("audio/mp4");
        }

        String codec() {
            return name().toLowerCase();
        }
    }

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    @ParameterizedTest
    @EnumSource(Expected.class)
    void eachCodecPlaysGaplessInFfmpegAndHlsJs(Expected expected) throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-20s-stereo.wav", SOURCE_SECONDS, RATE, 2);
        String jobId = api.submitted(wav, StreamApi.fields("codec", expected.codec()));
        JsonObject job = api.awaitFinal(jobId);
        assertEquals("Completed", job.getString("status"), job.toString());

        JsonObject source = job.getJsonObject("source");
        assertEquals("wav", source.getString("format"));
        assertEquals("pcm_s16le", source.getString("codec"));
        assertEquals(SOURCE_SECONDS, source.getJsonNumber("duration_s").doubleValue(), 0.01);
        assertEquals(RATE, source.getInt("sample_rate"));
        assertEquals(2, source.getInt("channels"));
        assertEquals(16, source.getInt("bit_depth"));
        JsonObject loudness = job.getJsonObject("loudness");
        assertEquals(TestAudio.integratedLufs(wav.toString()), loudness.getJsonNumber("integrated_lufs").doubleValue(), 0.5);
        assertTrue(loudness.getJsonNumber("true_peak_dbtp").doubleValue() < 0, loudness.toString());
        assertTrue(loudness.getJsonNumber("lra").doubleValue() >= 0, loudness.toString());
        assertTrue(loudness.isNull("output"), "no target, so no normalised output: " + loudness);

        String playlistUrl = api.uri("v1/stream/hls/" + jobId + "/index.m3u8").toString();
        String playlist = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        List<Double> durations = checkMediaPlaylist(api, jobId, playlist, expected);
        checkFrameBoundaries(durations, expected);

        short[] decoded = TestAudio.decodeToPcm(playlistUrl, RATE);
        double extra = decoded.length / (double) RATE - SOURCE_SECONDS;
        assertTrue(extra >= expected.minExtraSeconds - 1e-6 && extra <= expected.maxExtraSeconds,
                expected + ": decoded " + extra + " s longer than the source");
        assertContinuousSine(decoded, boundaries(durations), expected.name());

        assertPlaysInHlsJs(api, jobId, "index.m3u8", expected.name());
    }

    /** Checks the playlist's tags and fetches every segment; returns the EXTINF durations. */
    static List<Double> checkMediaPlaylist(StreamApi api, String jobId, String playlist, Expected expected) throws IOException {
        assertTrue(playlist.startsWith("#EXTM3U\n"), playlist);
        assertTrue(playlist.strip().endsWith("#EXT-X-ENDLIST"), playlist);
        assertEquals(expected.fragmented(), playlist.contains("#EXT-X-VERSION:7\n"), playlist);
        Matcher map = Pattern.compile("(?m)^#EXT-X-MAP:URI=\"([^\"]+)\"$").matcher(playlist);
        assertEquals(expected.fragmented(), map.find(), playlist);
        if (expected.fragmented()) {
            HttpResponse<byte[]> init = fetch(api, jobId, map.group(1));
            assertEquals(200, init.statusCode(), map.group(1));
            assertEquals("audio/mp4", init.headers().firstValue("Content-Type").orElse(""));
            assertEquals("ftyp", new String(init.body(), 4, 4), "an MP4 init segment starts with ftyp");
        }
        Matcher target = Pattern.compile("(?m)^#EXT-X-TARGETDURATION:(\\d+)$").matcher(playlist);
        assertTrue(target.find(), playlist);
        long targetDuration = Long.parseLong(target.group(1));

        List<Double> durations = new ArrayList<>();
        Matcher segments = EXTINF.matcher(playlist);
        while (segments.find()) {
            double duration = Double.parseDouble(segments.group(1));
            durations.add(duration);
            assertTrue(Math.round(duration) <= targetDuration, "EXTINF above the target duration: " + playlist);
            assertTrue(duration >= 1.0, "no zero-length or tiny segment: " + playlist);
            assertTrue(expected.segmentName.matcher(segments.group(2)).matches(), segments.group(2));
            HttpResponse<byte[]> segment = fetch(api, jobId, segments.group(2));
            assertEquals(200, segment.statusCode(), segments.group(2));
            assertEquals(expected.mediaType, segment.headers().firstValue("Content-Type").orElse(""));
            if (!expected.fragmented()) {
                assertEquals(0x47, segment.body()[0] & 0xff, "an MPEG-TS packet starts with the sync byte");
            }
        }
        assertFalse(durations.isEmpty(), playlist);
        return durations;
    }

    /** A segment boundary on a codec frame boundary lies a whole number of frames from the start. */
    static void checkFrameBoundaries(List<Double> durations, Expected expected) {
        double frame = expected.frameSamples / (double) expected.frameRate;
        for (double boundary : boundaries(durations)) {
            double frames = boundary / frame;
            assertEquals(Math.round(frames), frames, 0.01, expected + ": boundary at " + boundary + " s is within a frame");
        }
    }

    /** The media times at which one segment ends and the next begins. */
    static List<Double> boundaries(List<Double> durations) {
        List<Double> boundaries = new ArrayList<>();
        double time = 0;
        for (int i = 0; i < durations.size() - 1; i++) {
            time += durations.get(i);
            boundaries.add(time);
        }
        return boundaries;
    }

    /**
     * A pure 1 kHz sine obeys x[n] = 2cos(w)x[n-1] - x[n-2]; a gap, a run of zeros or a phase jump breaks that
     * by a large fraction of the amplitude, while codec noise leaves it within a few LSB. The whole interior
     * is checked, which holds every segment boundary; the first and last 0.2 s hold the sine's own onset and end.
     */
    static void assertContinuousSine(short[] samples, List<Double> boundaries, String what) {
        double k = 2 * Math.cos(2 * Math.PI * 1000 / RATE);
        int margin = (int) (0.2 * RATE);
        int amplitude = 0;
        for (short sample : samples) {
            amplitude = Math.max(amplitude, Math.abs(sample));
        }
        assertTrue(amplitude > 1000, what + ": the decoded sine is too quiet: " + amplitude);
        double limit = amplitude * 0.03;
        for (double boundary : boundaries) {
            assertTrue(boundary * RATE > margin && boundary * RATE < samples.length - margin,
                    what + ": boundary " + boundary + " s lies inside the checked part");
        }
        for (int n = margin; n < samples.length - margin; n++) {
            double residual = Math.abs(samples[n] - k * samples[n - 1] + samples[n - 2]);
            assertTrue(residual < limit, what + ": discontinuity at " + (n / (double) RATE) + " s (residual "
                    + residual + ", amplitude " + amplitude + ", boundaries " + boundaries + ")");
        }
    }

    static HttpResponse<byte[]> fetch(StreamApi api, String jobId, String file) throws IOException {
        return api.send(HttpRequest.newBuilder(api.uri("v1/stream/hls/" + jobId + "/" + file)),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** hls.js, served by the WAR, plays the stream in headless Chromium past 5 s without an error event. */
    static void assertPlaysInHlsJs(StreamApi api, String jobId, String playlist, String name) throws IOException {
        try (Browser browser = Browser.start()) {
            browser.driver().get(api.uri("player.html?src=/v1/stream/hls/" + jobId + "/" + playlist).toString());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(45));
            double currentTime = 0;
            List<?> errors = List.of();
            while (Instant.now().isBefore(deadline)) {
                errors = (List<?>) browser.script("return window.playerErrors || ['no player'];");
                currentTime = ((Number) browser.script("return document.getElementById('audio').currentTime;")).doubleValue();
                if (!errors.isEmpty() || currentTime > 5) {
                    break;
                }
                StreamApi.pause(Duration.ofMillis(250));
            }
            browser.screenshot("hlsjs-" + name);
            assertEquals(List.of(), errors, name + ": hls.js reported errors");
            assertTrue(currentTime > 5, name + ": playback reached only " + currentTime + " s");
            assertNotNull(browser.script("return window.Hls && window.Hls.version;"), "hls.js came from the server");
        }
    }

    @Test
    void aSourceJustPastAWholeNumberOfSegmentsLeavesNoTinyTail() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-18.4s.wav", 18.4, RATE, 1);
        String jobId = api.submitted(wav, StreamApi.fields("codec", "aac"));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        String playlist = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        List<Double> durations = checkMediaPlaylist(api, jobId, playlist, Expected.AAC);
        assertEquals(3, durations.size(), "18.4 s in segments of about 6 s, the 0.4 s tail folded in: " + playlist);
        checkFrameBoundaries(durations, Expected.AAC);
        assertEquals(18.4, durations.stream().mapToDouble(Double::doubleValue).sum(), 0.1, playlist);
    }

    @Test
    void aLoudnessTargetNormalisesWithTwoPassesAndReportsBothMeasurements() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-20s-stereo.wav", SOURCE_SECONDS, RATE, 2);
        String jobId = api.submitted(wav, StreamApi.fields("codec", "aac", "loudness_target", "-14"));
        JsonObject job = api.awaitFinal(jobId);
        assertEquals("Completed", job.getString("status"), job.toString());
        JsonObject loudness = job.getJsonObject("loudness");
        double source = TestAudio.integratedLufs(wav.toString());
        assertTrue(source < -17, "the test source is quieter than the target: " + source);
        assertEquals(source, loudness.getJsonNumber("integrated_lufs").doubleValue(), 0.5, loudness.toString());
        assertEquals(-14.0, loudness.getJsonNumber("target_lufs").doubleValue());
        assertEquals(-14.0, loudness.getJsonObject("output").getJsonNumber("integrated_lufs").doubleValue(), 1.0,
                loudness.toString());
        assertTrue(loudness.getJsonObject("output").getJsonNumber("true_peak_dbtp").doubleValue() <= -0.5, loudness.toString());

        String url = api.uri("v1/stream/hls/" + jobId + "/index.m3u8").toString();
        assertEquals(-14.0, TestAudio.integratedLufs(url), 1.0, "the stream a player decodes is at the target");
        short[] decoded = TestAudio.decodeToPcm(url, RATE);
        assertEquals(SOURCE_SECONDS, decoded.length / (double) RATE, 0.05, "normalising keeps the duration");
    }

    @Test
    void badAudioParametersAreRefusedWithTheAllowedRange() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-2s.wav", 2, RATE, 1);
        Map<String, String> refusals = Map.of(
                "loudness_target", "-40",
                "renditions", "flac:hi_res,opus:high");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> response = api.submit(wav, StreamApi.fields(refusal.getKey(), refusal.getValue()));
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(StreamApi.json(response).getString("message").startsWith(refusal.getKey() + ":"), response.body());
        }
        HttpResponse<String> bitrate = api.submit(wav, StreamApi.fields("codec", "opus", "bitrate", "600000"));
        assertEquals(400, bitrate.statusCode());
        assertTrue(StreamApi.json(bitrate).getString("message").contains("6000 to 510000"), bitrate.body());
    }
}

package io.streamserver.playback.boundary;

import io.streamserver.Browser;
import io.streamserver.DataFolder;
import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.media.control.PrimingTrim;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every codec and container end to end over HTTP, played by real players: ffmpeg as the HLS client decodes the whole
 * stream (its length and its continuity across segment boundaries are measured), and hls.js, Shaka Player and video.js
 * in headless Chromium play it.
 */
@ExtendWith(ArquillianExtension.class)
class CodecPlaybackIT {

    static final int RATE = 44_100;
    static final double SOURCE_SECONDS = 20;
    private static final Pattern EXTINF = Pattern.compile("(?m)^#EXTINF:([0-9.]+),\\n([^#\\n]+)$");

    /** What each codec and container must produce, and the frame it is cut in (samples at the rate it encodes at). */
    enum Expected {
        AAC("aac", null, "ts", "video/mp2t", "mp4a.40.2", 1024, RATE, 0.0, 0.050),
        // Debian's ffmpeg ignores the edit list that trims the priming: it decodes 1024 samples more, plus the padding
        AAC_CMAF("aac", "cmaf", "m4s", "audio/mp4", "mp4a.40.2", 1024, RATE, 0.0, 0.050),
        MP3("mp3", null, "ts", "video/mp2t", "mp4a.40.34", 1152, RATE, 0.0, 0.050),
        OPUS("opus", null, "m4s", "audio/mp4", "Opus", 960, 48_000, -0.020, 0.020),
        FLAC("flac", null, "m4s", "audio/mp4", "fLaC", 4608, RATE, -0.050, 0.050);

        final String codec;
        final String container;
        final String extension;
        final String mediaType;
        final String codecs;
        final int frameSamples;
        final int frameRate;
        final double minExtraSeconds;
        final double maxExtraSeconds;

        Expected(String codec, String container, String extension, String mediaType, String codecs, int frameSamples,
                 int frameRate, double minExtra, double maxExtra) {
            this.codec = codec;
            this.container = container;
            this.extension = extension;
            this.mediaType = mediaType;
            this.codecs = codecs;
            this.frameSamples = frameSamples;
            this.frameRate = frameRate;
            this.minExtraSeconds = minExtra;
            this.maxExtraSeconds = maxExtra;
        }

        boolean fragmented() {
            return mediaType.equals("audio/mp4");
        }

        Map<String, String> fields() {
            return container == null ? StreamApi.fields("codec", codec) : StreamApi.fields("codec", codec, "container", container);
        }
    }

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        // the DASH page beside the players' page, whose Shaka Player it loads
        return Deployments.serverWithPlayers()
                .addAsWebResource(new StringAsset(DASH_PAGE), "test-players/dash.html")
                .addAsWebResource(new StringAsset(DASH_SCRIPT), "test-players/dash.js");
    }

    /** Plays every ?src= manifest at once, each in its own audio element and Shaka player. */
    private static final String DASH_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>DASH</title></head>
            <body><script src="shaka-player.compiled.js"></script><script src="dash.js"></script></body></html>
            """;
    private static final String DASH_SCRIPT = """
            window.audios = [];
            window.playerErrors = [];
            shaka.polyfill.installAll();
            for (const src of new URLSearchParams(location.search).getAll('src')) {
              const audio = document.createElement('audio');
              document.body.appendChild(audio);
              window.audios.push(audio);
              const player = new shaka.Player();
              player.addEventListener('error', e => window.playerErrors.push(src + ': ' + e.detail.code));
              player.attach(audio).then(() => player.load(src)).then(() => audio.play())
                  .catch(e => window.playerErrors.push(src + ': ' + (e.code || e)));
            }
            """;

    @ParameterizedTest
    @EnumSource(Expected.class)
    void eachCodecAndContainerPlaysGaplessInFfmpeg(Expected expected) throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-20s-stereo.wav", SOURCE_SECONDS, RATE, 2);
        String jobId = api.submitted(wav, expected.fields());
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
        TestAudio.Meter meter = TestAudio.ebur128(wav.toString());
        assertEquals(meter.integratedLufs(), loudness.getJsonNumber("integrated_lufs").doubleValue(), 0.1, loudness.toString());
        assertEquals(meter.samplePeakDbfs(), loudness.getJsonNumber("sample_peak_dbfs").doubleValue(), 0.1, loudness.toString());
        assertTrue(loudness.isNull("true_peak_dbtp"), "the sample peak is metered unless true peak is asked for: " + loudness);
        assertTrue(loudness.getJsonNumber("lra").doubleValue() >= 0, loudness.toString());
        assertTrue(loudness.isNull("output"), "no target, so no normalised output: " + loudness);

        String playlistUrl = api.uri("v1/stream/hls/" + jobId + "/index.m3u8").toString();
        String playlist = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        List<Segment> segments = checkMediaPlaylist(api, jobId, playlist, "segment", expected);
        List<Double> durations = durations(segments);
        checkFrameBoundaries(durations, expected);
        Path jobFolder = Path.of(System.getProperty("stream.test-dir", "target/it"), "data", "jobs", jobId);
        assertEquals(expected.fragmented(), Files.isRegularFile(jobFolder.resolve("init.mp4")),
                "the encoder's init segment is published beside the segments");
        assertFalse(Files.exists(jobFolder.resolve(".encoder")), "the encoder's folder is gone once the job completed");

        short[] decoded = TestAudio.decodeToPcm(playlistUrl, RATE);
        double extra = decoded.length / (double) RATE - SOURCE_SECONDS;
        assertTrue(extra >= expected.minExtraSeconds - 1e-6 && extra <= expected.maxExtraSeconds,
                expected + ": decoded " + extra + " s longer than the source");
        assertContinuousSine(decoded, boundaries(durations), expected.name());
    }

    /** A segment as a client sees it: its duration from the playlist, and its size as served. */
    record Segment(double seconds, long bytes) {
    }

    static List<Double> durations(List<Segment> segments) {
        return segments.stream().map(Segment::seconds).toList();
    }

    /** Checks the playlist's tags and fetches every segment, whose names start with {@code prefix}. */
    static List<Segment> checkMediaPlaylist(StreamApi api, String jobId, String playlist, String prefix, Expected expected)
            throws IOException {
        Pattern segmentName = Pattern.compile(Pattern.quote(prefix) + "_\\d{5}\\." + expected.extension);
        assertTrue(playlist.startsWith("#EXTM3U\n"), playlist);
        assertTrue(playlist.strip().endsWith("#EXT-X-ENDLIST"), playlist);
        // Apple's HLS authoring rules for finished content: 8.6 (VOD) and EXT-X-INDEPENDENT-SEGMENTS
        assertTrue(playlist.contains("\n#EXT-X-PLAYLIST-TYPE:VOD\n"), playlist);
        assertTrue(playlist.contains("\n#EXT-X-INDEPENDENT-SEGMENTS\n"), playlist);
        assertEquals(expected.fragmented(), playlist.contains("#EXT-X-VERSION:7\n"), playlist);
        Matcher map = Pattern.compile("(?m)^#EXT-X-MAP:URI=\"([^\"]+)\"$").matcher(playlist);
        assertEquals(expected.fragmented(), map.find(), playlist);
        if (expected.fragmented()) {
            HttpResponse<byte[]> init = fetch(api, jobId, map.group(1));
            assertEquals(200, init.statusCode(), map.group(1));
            assertEquals("audio/mp4", init.headers().firstValue("Content-Type").orElse(""));
            assertEquals("ftyp", new String(init.body(), 4, 4), "an MP4 init segment starts with ftyp");
            if (expected.codec.equals("aac")) {
                assertEquals(Optional.of((long) PrimingTrim.AAC_PRIMING_SAMPLES), PrimingTrim.mediaTime(init.body()),
                        "the edit list skips the encoder's priming");
            }
        }
        Matcher target = Pattern.compile("(?m)^#EXT-X-TARGETDURATION:(\\d+)$").matcher(playlist);
        assertTrue(target.find(), playlist);
        long targetDuration = Long.parseLong(target.group(1));

        List<Segment> found = new ArrayList<>();
        Matcher segments = EXTINF.matcher(playlist);
        while (segments.find()) {
            double duration = Double.parseDouble(segments.group(1));
            assertTrue(Math.round(duration) <= targetDuration, "EXTINF above the target duration: " + playlist);
            assertTrue(duration >= 1.0, "no zero-length or tiny segment: " + playlist);
            assertTrue(segmentName.matcher(segments.group(2)).matches(), segments.group(2));
            HttpResponse<byte[]> segment = fetch(api, jobId, segments.group(2));
            found.add(new Segment(duration, segment.body().length));
            assertEquals(200, segment.statusCode(), segments.group(2));
            assertEquals(expected.mediaType, segment.headers().firstValue("Content-Type").orElse(""));
            if (!expected.fragmented()) {
                assertEquals(0x47, segment.body()[0] & 0xff, "an MPEG-TS packet starts with the sync byte");
            }
        }
        assertFalse(found.isEmpty(), playlist);
        return found;
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
    void aMixedLadderIsAMasterPlaylistOfRenditionsEncodedInParallelThatPlayersPlay() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-20s-stereo.wav", SOURCE_SECONDS, RATE, 2);
        String jobId = api.submitted(wav, StreamApi.fields("renditions", "aac:low,opus:medium,flac:hi_res"));
        List<Double> progress = new ArrayList<>();
        JsonObject job = api.awaitFinal(jobId, Duration.ofMinutes(3), progress);
        assertEquals("Completed", job.getString("status"), job.toString());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress went down: " + progress);
        }

        String master = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        assertTrue(master.startsWith("#EXTM3U\n"), master);
        assertFalse(master.contains("#EXTINF"), "index.m3u8 is a master playlist: " + master);
        Matcher variants = Pattern.compile("(?m)^#EXT-X-STREAM-INF:BANDWIDTH=(\\d+),AVERAGE-BANDWIDTH=(\\d+),"
                + "CODECS=\"([^\"]+)\"\\n(\\S+)$").matcher(master);
        List<String> uris = new ArrayList<>();
        Set<Long> targets = new HashSet<>();
        Map<String, Expected> rungs = Map.of("aac_low", Expected.AAC, "opus_medium", Expected.OPUS, "flac_hi_res", Expected.FLAC);
        while (variants.find()) {
            String uri = variants.group(4);
            uris.add(uri);
            String name = uri.replace(".m3u8", "");
            Expected expected = rungs.get(name);
            assertNotNull(expected, uri);
            assertEquals(expected.codecs, variants.group(3), master);

            String playlist = api.get("v1/stream/hls/" + jobId + "/" + uri).body();
            List<Segment> segments = checkMediaPlaylist(api, jobId, playlist, name, expected);
            targets.add(targetDuration(playlist));
            checkFrameBoundaries(durations(segments), expected);
            long peak = segments.stream().mapToLong(s -> (long) Math.ceil(s.bytes() * 8 / s.seconds())).max().orElseThrow();
            long average = (long) Math.ceil(segments.stream().mapToLong(Segment::bytes).sum() * 8
                    / segments.stream().mapToDouble(Segment::seconds).sum());
            assertEquals(peak, Long.parseLong(variants.group(1)), 2, "BANDWIDTH is the measured peak: " + master);
            assertEquals(average, Long.parseLong(variants.group(2)), 2, "AVERAGE-BANDWIDTH is measured: " + master);

            short[] decoded = TestAudio.decodeToPcm(api.uri("v1/stream/hls/" + jobId + "/" + uri).toString(), RATE);
            double extra = decoded.length / (double) RATE - SOURCE_SECONDS;
            assertTrue(extra >= expected.minExtraSeconds - 1e-6 && extra <= expected.maxExtraSeconds, name + ": " + extra);
            assertContinuousSine(decoded, boundaries(durations(segments)), name);
        }
        assertEquals(List.of("aac_low.m3u8", "opus_medium.m3u8", "flac_hi_res.m3u8"), uris, master);
        assertEquals(1, targets.size(), "every variant announces the same target duration: " + targets);

        String masterUrl = api.uri("v1/stream/hls/" + jobId + "/index.m3u8").toString();
        short[] whole = TestAudio.decodeToPcm(masterUrl, RATE);
        assertEquals(SOURCE_SECONDS, whole.length / (double) RATE, 0.05, "ffmpeg decodes the whole ladder");
        assertPlaysInHlsJs(api, jobId, "index.m3u8", "ladder");
    }

    @Test
    void aLadderOfProfilesHasFlatNamesAndTheSingleOutputNamesStayFree() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-8s.wav", 8, RATE, 1);
        String jobId = api.submitted(wav, StreamApi.fields("renditions", "low,high"));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        String master = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        assertTrue(master.contains("CODECS=\"mp4a.40.2\"\nlow.m3u8\n"), master);
        assertTrue(master.contains("CODECS=\"mp4a.40.2\"\nhigh.m3u8\n"), master);
        String high = api.get("v1/stream/hls/" + jobId + "/high.m3u8").body();
        assertTrue(high.contains("\nhigh_00001.ts\n"), high);
        assertEquals(200, fetch(api, jobId, "high_00001.ts").statusCode());
        assertEquals(404, fetch(api, jobId, "segment_00001.ts").statusCode());
        assertEquals(404, api.get("v1/stream/hls/" + jobId + "/medium.m3u8").statusCode());
        long lowAverage = averageBandwidth(master, "low.m3u8");
        long highAverage = averageBandwidth(master, "high.m3u8");
        assertTrue(lowAverage < highAverage, "64k AAC is measured below 256k AAC: " + master);
    }

    static long targetDuration(String playlist) {
        Matcher target = Pattern.compile("(?m)^#EXT-X-TARGETDURATION:(\\d+)$").matcher(playlist);
        assertTrue(target.find(), playlist);
        return Long.parseLong(target.group(1));
    }

    /**
     * hls.js (the WAR's), Shaka Player and video.js each play every codec and container, and a ladder of three AAC
     * rungs in CMAF, all at once in one page. video.js's engine (VHS) transmuxes only AAC: it refuses MP3 in any
     * container (MPEG-TS, packed audio; Chromium's MSE has no MP3 in MP4), which docs/codecs.md says.
     */
    @Test
    void everyPlayerPlaysEveryCodecAndContainerAndALadder() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-8s.wav", 8, RATE, 1);
        Map<String, String> streams = new LinkedHashMap<>();
        for (Expected expected : Expected.values()) {
            streams.put(expected.name(), api.submitted(wav, expected.fields()));
        }
        String ladder = api.submitted(wav, StreamApi.fields("renditions", "low,medium,high", "container", "cmaf"));
        streams.put("LADDER", ladder);
        for (Map.Entry<String, String> job : streams.entrySet()) {
            assertEquals("Completed", api.awaitFinal(job.getValue()).getString("status"), job.getKey());
        }

        String master = api.get("v1/stream/hls/" + ladder + "/index.m3u8").body();
        assertTrue(master.startsWith("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"), master);
        Set<Long> targets = new HashSet<>();
        for (String rung : List.of("low", "medium", "high")) {
            assertTrue(master.contains("CODECS=\"mp4a.40.2\"\n" + rung + ".m3u8\n"), master);
            String playlist = api.get("v1/stream/hls/" + ladder + "/" + rung + ".m3u8").body();
            checkMediaPlaylist(api, ladder, playlist, rung, Expected.AAC_CMAF);
            assertTrue(playlist.contains("#EXT-X-MAP:URI=\"" + rung + "_init.mp4\"\n"), playlist);
            targets.add(targetDuration(playlist));
        }
        assertEquals(1, targets.size(), "every variant announces the same target duration: " + targets);

        Map<String, Map<String, Object>> played = playInEveryPlayer(api, streams.values().stream()
                .map(id -> "/v1/stream/hls/" + id + "/index.m3u8").toList());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> stream : streams.entrySet()) {
            for (String player : List.of("hls.js", "shaka", "video.js")) {
                Map<String, Object> state = played.get(player + " /v1/stream/hls/" + stream.getValue() + "/index.m3u8");
                double time = ((Number) state.get("time")).doubleValue();
                List<?> errors = (List<?>) state.get("errors");
                String what = player + " " + stream.getKey() + ": " + state;
                if (player.equals("video.js") && stream.getKey().equals("MP3")) {
                    if (!errors.toString().contains("No available working or supported playlists")) {
                        problems.add("video.js now plays MP3 in TS, update docs/codecs.md: " + what);
                    }
                } else if (!errors.isEmpty() || time <= 5) {
                    problems.add(what);
                }
            }
        }
        assertEquals(List.of(), problems, "every player plays past 5 s without an error");
        Map<String, Object> shakaLadder = played.get("shaka /v1/stream/hls/" + ladder + "/index.m3u8");
        assertEquals(3, ((Number) shakaLadder.get("variants")).intValue(), "Shaka sees the ladder's 3 variants: " + shakaLadder);
    }

    /**
     * Plays the streams in the test page until every player is past 5 s or has failed (a minute at most), and
     * returns each player's state by "player stream".
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> playInEveryPlayer(StreamApi api, List<String> streams) throws IOException {
        String query = streams.stream().map(s -> "src=" + s).collect(Collectors.joining("&"));
        try (Browser browser = Browser.start()) {
            browser.driver().get(api.uri("test-players/players.html?" + query).toString());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            Map<String, Map<String, Object>> report = Map.of();
            while (Instant.now().isBefore(deadline)) {
                report = (Map<String, Map<String, Object>>) browser.script("return window.playerReport ? window.playerReport() : {};");
                boolean settled = report.size() == streams.size() * 3 && report.values().stream().allMatch(state ->
                        !((List<?>) state.get("errors")).isEmpty() || ((Number) state.get("time")).doubleValue() > 5);
                if (settled) {
                    break;
                }
                StreamApi.pause(Duration.ofMillis(250));
            }
            browser.screenshot("every-player");
            assertEquals(streams.size() * 3, report.size(), "a player per stream and engine: " + report.keySet());
            return report;
        }
    }

    /**
     * Gapless AAC in CMAF: ffmpeg 7.1, which applies the init segment's edit list as players do, decodes the stream
     * starting on the source's first sample and as long as the source; the same files with the edit list that
     * ffmpeg's HLS muxer wrote (media_time 0) start 1024 samples late. Noise lines up with itself at one offset only.
     */
    @Test
    void aacInCmafStartsOnTheSourcesFirstSampleForAClientThatReadsTheEditList() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.noiseWav("noise-8s-stereo.wav", 8, RATE);
        String jobId = api.submitted(wav, StreamApi.fields("codec", "aac", "container", "cmaf"));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        String ffmpeg7 = TestAudio.clientFfmpeg7();
        short[] source = TestAudio.decodeToPcm(ffmpeg7, wav.toAbsolutePath().toString(), RATE);

        short[] decoded = TestAudio.decodeToPcm(ffmpeg7, api.uri("v1/stream/hls/" + jobId + "/index.m3u8").toString(), RATE);
        assertEquals(source.length / (double) RATE, decoded.length / (double) RATE, 0.050, "the decoded duration");
        assertEquals(0, bestOffset(source, decoded), "the first decoded sample is the source's first");

        // the served files, with ffmpeg's own edit list put back
        String playlist = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        Path copy = Files.createDirectories(TestAudio.folder().resolve("untrimmed-" + jobId));
        Files.writeString(copy.resolve("index.m3u8"), playlist);
        Files.write(copy.resolve("init.mp4"), PrimingTrim.trimmed(fetch(api, jobId, "init.mp4").body(), 0).orElseThrow());
        Matcher segments = EXTINF.matcher(playlist);
        while (segments.find()) {
            Files.write(copy.resolve(segments.group(2)), fetch(api, jobId, segments.group(2)).body());
        }
        short[] untrimmed = TestAudio.decodeToPcm(ffmpeg7, copy.resolve("index.m3u8").toAbsolutePath().toString(), RATE);
        assertEquals(PrimingTrim.AAC_PRIMING_SAMPLES, bestOffset(source, untrimmed), "without the edit, the priming plays");
    }

    /** Where, in the first 2048 samples of {@code decoded}, the source's first 4096 samples correlate best (above 0.9). */
    static int bestOffset(short[] source, short[] decoded) {
        int length = 4096;
        int best = -1;
        double bestCorrelation = 0;
        for (int offset = 0; offset <= 2048; offset++) {
            double product = 0;
            double sourceEnergy = 0;
            double decodedEnergy = 0;
            for (int i = 0; i < length; i++) {
                product += (double) source[i] * decoded[offset + i];
                sourceEnergy += (double) source[i] * source[i];
                decodedEnergy += (double) decoded[offset + i] * decoded[offset + i];
            }
            double correlation = product / Math.sqrt(sourceEnergy * decodedEnergy + 1e-9);
            if (correlation > bestCorrelation) {
                bestCorrelation = correlation;
                best = offset;
            }
        }
        assertTrue(bestCorrelation > 0.9, "the decoded audio is the source's: correlation " + bestCorrelation + " at " + best);
        return best;
    }

    private static long averageBandwidth(String master, String uri) {
        Matcher matcher = Pattern.compile("AVERAGE-BANDWIDTH=(\\d+),[^\\n]*\\n" + Pattern.quote(uri)).matcher(master);
        assertTrue(matcher.find(), master);
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void aSourceJustPastAWholeNumberOfSegmentsLeavesNoTinyTail() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-18.4s.wav", 18.4, RATE, 1);
        String jobId = api.submitted(wav, StreamApi.fields("codec", "aac"));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));
        String playlist = api.get("v1/stream/hls/" + jobId + "/index.m3u8").body();
        List<Double> durations = durations(checkMediaPlaylist(api, jobId, playlist, "segment", Expected.AAC));
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
        // an HLS input lists its streams once under its program and once on their own
        assertEquals(List.of("2", "2"), TestAudio.run(List.of("ffprobe", "-v", "error", "-select_streams", "a:0",
                "-show_entries", "stream=channels", "-of", "csv=p=0", url)).strip().lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList(), "normalising, metering and the waveform keep stereo");
    }

    /** The waveform comes from the encode's own decode; its pixels show the source's silent gap where it is. */
    @Test
    void theWaveformShowsASilentGapWhereItIs() throws IOException {
        StreamApi api = new StreamApi(base);
        String jobId = api.submitted(TestAudio.toneWithSilentGap("tone-gap-8s.wav", RATE), StreamApi.fields("codec", "aac"));
        JsonObject job = api.awaitFinal(jobId);
        assertEquals("Completed", job.getString("status"), job.toString());

        JsonObject peaks;
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(
                DataFolder.root().resolve("jobs").resolve(jobId).resolve("peaks.json")))) {
            peaks = reader.readObject();
        }
        assertEquals(2, peaks.getInt("version"));
        assertEquals(8, peaks.getInt("bits"));
        assertEquals(RATE, peaks.getInt("sample_rate"));
        double pixelsPerSecond = (double) RATE / peaks.getInt("samples_per_pixel");
        assertEquals(8 * pixelsPerSecond, peaks.getInt("length"), 1);
        List<Integer> data = peaks.getJsonArray("data").getValuesAs(JsonNumber::intValue);
        for (int pixel = 0; pixel < peaks.getInt("length"); pixel++) {
            double second = pixel / pixelsPerSecond;
            int loudest = Math.max(Math.abs(data.get(2 * pixel)), Math.abs(data.get(2 * pixel + 1)));
            if (second > 3.05 && second < 4.95) {
                assertTrue(loudest <= 1, "silent at " + second + " s: " + loudest);
            } else if (second < 2.95 || second > 5.05 && second < 7.95) {
                assertTrue(loudest >= 95, "the tone at " + second + " s: " + loudest);
            }
        }
    }

    @Test
    void badAudioParametersAreRefusedWithTheAllowedRange() throws IOException {
        StreamApi api = new StreamApi(base);
        Path wav = TestAudio.sineWav("sine-2s.wav", 2, RATE, 1);
        Map<String, String> refusals = Map.of(
                "loudness_target", "-40",
                "renditions", "flac:hi_res,opus:high",
                "bitrate", "128000");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Map<String, String> fields = StreamApi.fields(refusal.getKey(), refusal.getValue());
            if (refusal.getKey().equals("bitrate")) {
                fields.put("renditions", "low,high");
            }
            HttpResponse<String> response = api.submit(wav, fields);
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(StreamApi.json(response).getString("message").startsWith(refusal.getKey() + ":"), response.body());
        }
        Map<Map<String, String>, String> containers = Map.of(
                StreamApi.fields("container", "mp4"), "container: must be ts or cmaf",
                StreamApi.fields("codec", "flac", "container", "ts"), "container: flac is packaged in cmaf (fragmented MP4) only",
                StreamApi.fields("renditions", "aac:low,opus:high", "container", "ts"),
                "container: opus is packaged in cmaf (fragmented MP4) only");
        for (Map.Entry<Map<String, String>, String> refusal : containers.entrySet()) {
            HttpResponse<String> response = api.submit(wav, refusal.getKey());
            assertEquals(400, response.statusCode(), response.body());
            assertEquals(refusal.getValue(), StreamApi.json(response).getString("message"), response.body());
        }
        HttpResponse<String> mp3 = api.submit(wav, StreamApi.fields("codec", "mp3", "container", "cmaf"));
        assertEquals(400, mp3.statusCode(), mp3.body());
        assertTrue(StreamApi.json(mp3).getString("message").startsWith("container: mp3 is packaged in ts only"), mp3.body());
        HttpResponse<String> bitrate = api.submit(wav, StreamApi.fields("codec", "opus", "bitrate", "600000"));
        assertEquals(400, bitrate.statusCode());
        assertTrue(StreamApi.json(bitrate).getString("message").contains("6000 to 510000"), bitrate.body());
    }

    /**
     * One encode serves HLS, DASH and a whole-file download: DASH lists the same fragmented MP4 files, which Shaka
     * Player and ffmpeg play; the download is those files end to end, as players and ffmpeg read it.
     */
    @Test
    void dashManifestsAndDownloadsServeTheSameFilesWithoutASecondEncode() throws IOException {
        StreamApi api = new StreamApi(base);
        // 20 minutes of Opus: far longer to encode than these checks take; cancelled right after
        String running = api.submitted(TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1), StreamApi.fields("codec", "opus"));
        try {
            HttpResponse<String> runningMpd = api.get("v1/stream/hls/" + running + "/manifest.mpd");
            HttpResponse<String> runningDownload = api.get("v1/stream/job/" + running + "/download");
            jakarta.json.JsonObject runningJob = api.job(running);
            assertTrue(Set.of("Pending", "Processing").contains(runningJob.getString("status")),
                    "the job ended before the check; it needs a longer source");
            assertEquals("cmaf", runningJob.getString("container"));
            assertTrue(runningJob.isNull("download_url") && runningJob.isNull("dash_url"), "nothing to fetch yet: " + runningJob);
            assertEquals(409, runningMpd.statusCode(), runningMpd.body());
            assertTrue(StreamApi.json(runningMpd).getString("message").contains("once it is Completed"), runningMpd.body());
            assertEquals(409, runningDownload.statusCode(), runningDownload.body());
            assertEquals("conflict", StreamApi.json(runningDownload).getString("error"), runningDownload.body());
        } finally {
            api.cancel(running);
        }

        Path wav = TestAudio.sineWav("sine-8s-stereo.wav", 8, RATE, 2);
        String opus = api.submitted(wav, StreamApi.fields("codec", "opus"));
        String flac = api.submitted(wav, StreamApi.fields("codec", "flac", "track_id", "My.Song-1_live"));
        String aac = api.submitted(wav, StreamApi.fields("codec", "aac"));
        String mp3 = api.submitted(wav, StreamApi.fields("codec", "mp3"));
        String ladder = api.submitted(wav, StreamApi.fields("renditions", "aac:low,opus:medium,flac:hi_res"));
        Map<String, String> containers = Map.of(opus, "cmaf", flac, "cmaf", aac, "ts", mp3, "ts", ladder, "mixed");
        for (String job : List.of(opus, flac, aac, mp3, ladder)) {
            jakarta.json.JsonObject done = api.awaitFinal(job);
            assertEquals("Completed", done.getString("status"), job);
            // the job's JSON names the container and the URLs to use, DASH only where a rendition is fMP4
            assertEquals(containers.get(job), done.getString("container"), done.toString());
            assertEquals("/v1/stream/job/" + job + "/download", done.getString("download_url"));
            if (job.equals(aac) || job.equals(mp3)) {
                assertTrue(done.isNull("dash_url"), done.toString());
            } else {
                assertEquals("/v1/stream/hls/" + job + "/manifest.mpd", done.getString("dash_url"));
            }
        }

        // DASH: the manifest of each fMP4 job, decoded by ffmpeg and played by Shaka Player, all at once
        for (String job : List.of(opus, flac)) {
            HttpResponse<String> mpd = api.get("v1/stream/hls/" + job + "/manifest.mpd");
            assertEquals(200, mpd.statusCode(), mpd.body());
            assertEquals("application/dash+xml", mpd.headers().firstValue("Content-Type").orElse(""));
            assertTrue(mpd.body().contains("<SegmentURL media=\"segment_00001.m4s\"/>"), mpd.body());
            assertTrue(mpd.body().contains("<Initialization sourceURL=\"init.mp4\"/>"), mpd.body());
            short[] decoded = TestAudio.decodeToPcm(api.uri("v1/stream/hls/" + job + "/manifest.mpd").toString(), RATE);
            assertEquals(8.0, decoded.length / (double) RATE, 0.05, "ffmpeg decodes the DASH stream whole");
        }
        HttpResponse<String> ladderMpd = api.get("v1/stream/hls/" + ladder + "/manifest.mpd");
        assertEquals(200, ladderMpd.statusCode(), ladderMpd.body());
        assertEquals(List.of("opus_medium:Opus", "flac_hi_res:fLaC"), Pattern.compile("<Representation id=\"([^\"]+)\" "
                        + "bandwidth=\"\\d+\" codecs=\"([^\"]+)\"").matcher(ladderMpd.body()).results()
                .map(m -> m.group(1) + ":" + m.group(2)).toList(), "the fMP4 rungs, not the MPEG-TS one: " + ladderMpd.body());
        assertTrue(ladderMpd.headers().firstValue("Cache-Control").orElse("").contains("immutable"), ladderMpd.headers().toString());
        HttpResponse<byte[]> gzipped = api.send(HttpRequest.newBuilder(api.uri("v1/stream/hls/" + ladder + "/manifest.mpd"))
                .header("Accept-Encoding", "gzip"), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(""), "gzipped as playlists are");
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            assertEquals(ladderMpd.body(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpResponse<String> tsMpd = api.get("v1/stream/hls/" + aac + "/manifest.mpd");
        assertEquals(404, tsMpd.statusCode(), tsMpd.body());
        assertTrue(StreamApi.json(tsMpd).getString("message").contains("MPEG-TS"), tsMpd.body());
        assertPlaysInShaka(api, List.of(opus, flac, ladder));

        // the download: the rendition's files end to end under the track's name, FLAC as a native FLAC file
        HttpResponse<byte[]> opusFile = download(api, opus, "");
        assertEquals(200, opusFile.statusCode());
        assertEquals("audio/mp4", opusFile.headers().firstValue("Content-Type").orElse(""));
        assertTrue(opusFile.headers().firstValue("Content-Disposition").orElse("").endsWith(".mp4\""), opusFile.headers().toString());
        assertEquals(String.valueOf(opusFile.body().length), opusFile.headers().firstValue("Content-Length").orElse(""));
        assertArrayEquals(concatenated(api, opus, "index.m3u8"), opusFile.body(), "init.mp4 and every segment, in order");
        String opusUrl = api.uri("v1/stream/job/" + opus + "/download").toString();
        assertEquals(8.0, TestAudio.decodeToPcm(opusUrl, RATE).length / (double) RATE, 0.05, "the Opus download plays whole");

        HttpResponse<byte[]> flacFile = download(api, flac, "");
        assertEquals(200, flacFile.statusCode());
        assertEquals("audio/flac", flacFile.headers().firstValue("Content-Type").orElse(""));
        assertEquals("attachment; filename=\"My.Song-1_live.flac\"", flacFile.headers().firstValue("Content-Disposition").orElse(""));
        assertEquals(String.valueOf(flacFile.body().length), flacFile.headers().firstValue("Content-Length").orElse(""));
        String flacUrl = api.uri("v1/stream/job/" + flac + "/download").toString();
        assertEquals("flac", TestAudio.run(List.of("ffprobe", "-v", "error", "-show_entries", "format=format_name",
                "-of", "csv=p=0", flacUrl)).strip(), "a native FLAC file");
        assertEquals(md5(decodedRaw(api.uri("v1/stream/hls/" + flac + "/index.m3u8").toString())), md5(decodedRaw(flacUrl)),
                "the FLAC download decodes sample for sample as the HLS stream");
        assertEquals(8.0, TestAudio.decodeToPcm(flacUrl, RATE).length / (double) RATE, 0.05);

        // MPEG-TS renditions: the audio elementary stream, decoding as the HLS stream does
        for (Map.Entry<String, String> ts : Map.of(aac, "aac", mp3, "mp3").entrySet()) {
            HttpResponse<byte[]> file = download(api, ts.getKey(), "");
            assertEquals(ts.getValue().equals("aac") ? "audio/aac" : "audio/mpeg", file.headers().firstValue("Content-Type").orElse(""));
            assertTrue(file.headers().firstValue("Content-Disposition").orElse("").endsWith("." + ts.getValue() + "\""),
                    file.headers().toString());
            assertEquals(0xff, file.body()[0] & 0xff, "an ADTS or MPEG audio frame's sync word");
            assertEquals(0xe0, file.body()[1] & 0xe0, "an ADTS or MPEG audio frame's sync word");
            String url = api.uri("v1/stream/job/" + ts.getKey() + "/download").toString();
            assertEquals(ts.getValue(), TestAudio.run(List.of("ffprobe", "-v", "error", "-show_entries", "format=format_name",
                    "-of", "csv=p=0", url)).strip(), "a plain " + ts.getValue() + " file");
            assertEquals(md5(decodedRaw(api.uri("v1/stream/hls/" + ts.getKey() + "/index.m3u8").toString())),
                    md5(decodedRaw(url)), ts.getValue() + ": the download decodes sample for sample as the HLS stream");
            assertEquals(8.0, TestAudio.decodeToPcm(url, RATE).length / (double) RATE, 0.05, ts.getValue() + " plays whole");
        }
        HttpResponse<byte[]> aacPart = download(api, aac, "", "Range", "bytes=1000-49999");
        assertEquals(206, aacPart.statusCode());
        assertArrayEquals(Arrays.copyOfRange(download(api, aac, "").body(), 1000, 50_000), aacPart.body(),
                "a range of the elementary stream, across segments' packets");

        // Range across the end of the FLAC header and within the frames, across the end of init.mp4; HEAD; ETag
        for (String range : List.of("30-80", "-100", "1000-")) {
            HttpResponse<byte[]> part = download(api, flac, "", "Range", "bytes=" + range);
            assertEquals(206, part.statusCode(), range);
            long first = range.startsWith("-") ? flacFile.body().length - 100 : Long.parseLong(range.substring(0, range.indexOf('-')));
            long last = range.endsWith("-") || range.startsWith("-") ? flacFile.body().length - 1
                    : Long.parseLong(range.substring(range.indexOf('-') + 1));
            assertEquals("bytes " + first + "-" + last + "/" + flacFile.body().length,
                    part.headers().firstValue("Content-Range").orElse(""), range);
            assertArrayEquals(Arrays.copyOfRange(flacFile.body(), (int) first, (int) last + 1), part.body(), range);
        }
        int init = fetch(api, opus, "init.mp4").body().length;
        HttpResponse<byte[]> acrossInit = download(api, opus, "", "Range", "bytes=" + (init - 10) + "-" + (init + 9));
        assertArrayEquals(Arrays.copyOfRange(opusFile.body(), init - 10, init + 10), acrossInit.body());
        assertEquals(416, download(api, flac, "", "Range", "bytes=" + flacFile.body().length + "-").statusCode());
        HttpResponse<byte[]> head = api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + flac + "/download"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(flacFile.body().length), head.headers().firstValue("Content-Length").orElse(""));
        assertEquals(0, head.body().length);
        String etag = flacFile.headers().firstValue("ETag").orElseThrow();
        assertEquals(etag, head.headers().firstValue("ETag").orElse(""));
        assertEquals(304, download(api, flac, "", "If-None-Match", etag).statusCode());

        // a ladder: the highest rung by default, another by name or position, 404 for none
        HttpResponse<byte[]> highest = download(api, ladder, "");
        assertTrue(highest.headers().firstValue("Content-Disposition").orElse("").endsWith(".flac\""), "FLAC hi_res is the highest");
        assertEquals("fLaC", new String(highest.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertArrayEquals(concatenated(api, ladder, "opus_medium.m3u8"), download(api, ladder, "?rendition=opus_medium").body());
        assertEquals("audio/aac", download(api, ladder, "?rendition=1").headers().firstValue("Content-Type").orElse(""));
        assertEquals(404, download(api, ladder, "?rendition=medium").statusCode());
        assertEquals(404, download(api, ladder, "?rendition=4").statusCode());
    }

    private static HttpResponse<byte[]> download(StreamApi api, String jobId, String query, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId + "/download" + query));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return api.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The playlist's init segment, if any, and its segments, fetched over HTTP and laid end to end. */
    private static byte[] concatenated(StreamApi api, String jobId, String playlist) throws IOException {
        String text = api.get("v1/stream/hls/" + jobId + "/" + playlist).body();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Matcher map = Pattern.compile("(?m)^#EXT-X-MAP:URI=\"([^\"]+)\"$").matcher(text);
        if (map.find()) {
            bytes.write(fetch(api, jobId, map.group(1)).body());
        }
        Matcher segments = EXTINF.matcher(text);
        while (segments.find()) {
            bytes.write(fetch(api, jobId, segments.group(2)).body());
        }
        return bytes.toByteArray();
    }

    /** The first audio stream decoded by ffmpeg to 16-bit PCM, at its own rate and channels. */
    private static byte[] decodedRaw(String url) throws IOException {
        Path raw = Files.createTempFile(TestAudio.folder(), "decoded", ".raw");
        try {
            TestAudio.run(List.of("ffmpeg", "-v", "error", "-y", "-i", url, "-map", "0:a:0", "-f", "s16le",
                    "-c:a", "pcm_s16le", raw.toString()));
            return Files.readAllBytes(raw);
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            assertTrue(bytes.length > 8 * RATE * 2 * 2 * 0.99, "decoded " + bytes.length + " bytes");
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shaka Player in headless Chromium plays every job's manifest.mpd at once, each past 5 s without an error. */
    private static void assertPlaysInShaka(StreamApi api, List<String> jobIds) throws IOException {
        String query = jobIds.stream().map(id -> "src=/v1/stream/hls/" + id + "/manifest.mpd")
                .collect(java.util.stream.Collectors.joining("&"));
        try (Browser browser = Browser.start()) {
            browser.driver().get(api.uri("test-players/dash.html?" + query).toString());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(45));
            List<?> times = List.of();
            List<?> errors = List.of();
            while (Instant.now().isBefore(deadline)) {
                errors = (List<?>) browser.script("return window.playerErrors || ['no page'];");
                times = (List<?>) browser.script("return (window.audios || []).map(a => a.currentTime);");
                if (!errors.isEmpty() || (times.size() == jobIds.size()
                        && times.stream().allMatch(t -> ((Number) t).doubleValue() > 5))) {
                    break;
                }
                StreamApi.pause(Duration.ofMillis(250));
            }
            browser.screenshot("shaka-dash");
            assertEquals(List.of(), errors, "Shaka Player reported errors");
            assertEquals(jobIds.size(), times.size());
            assertTrue(times.stream().allMatch(t -> ((Number) t).doubleValue() > 5), "playback reached only " + times);
            assertNotNull(browser.script("return window.shaka && shaka.Player.version;"));
        }
    }
}

package io.streamserver.storage.boundary;

import io.streamserver.PostgresCluster;
import io.streamserver.S3Proxy;
import io.streamserver.ServerProcess;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * STREAM_STORAGE=s3: two servers share a PostgreSQL database and an s3proxy bucket, each with a data directory of its
 * own, as docs/scaling.md's second shape runs them. A job submitted to one is encoded by either, and plays and
 * downloads whole from the other; segments come from the bucket with Range and ETag; a discarded job's objects go; a
 * bucket that is down makes segments and downloads 503 and the servers not ready; a killed server's job resumes on
 * the other after the segments that its bucket listing shows. store-b presigns (STREAM_S3_PRESIGN): its playlists
 * point at the bucket.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStorageIT {

    private static final String PREFIX = "it/";
    private static PostgresCluster postgres;
    private static S3Proxy bucket;
    private static final Map<String, ServerProcess> servers = new HashMap<>();
    private static final Map<String, Path> dataDirs = new HashMap<>();

    @BeforeAll
    static void startDatabaseBucketAndTwoServers() throws Exception {
        Path root = Path.of(System.getProperty("stream.test-dir", "target/it"), "storage-" + UUID.randomUUID());
        CompletableFuture<S3Proxy> proxy = CompletableFuture.supplyAsync(() -> {
            try {
                return S3Proxy.start(root.resolve("s3proxy"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        postgres = PostgresCluster.start(root.resolve("postgres"));
        postgres.createDatabase("stream");
        bucket = proxy.join();
        System.getLogger(ObjectStorageIT.class.getName()).log(System.Logger.Level.INFO, "s3proxy listened after {0} ms",
                bucket.lastStart().toMillis());
        Map<String, String> environment = new HashMap<>(postgres.environment("stream"));
        environment.putAll(bucket.environment(PREFIX));
        // one job at a time each, so that a burst of jobs submitted to one server spreads over both
        environment.put("STREAM_WORKERS", "1");
        environment.put("STREAM_HEALTH_REFRESH_PERIOD", "PT0.5S");
        // short leases, so that a killed server's job is taken over within seconds
        environment.put("STREAM_LEASE_DURATION", "PT6S");
        environment.put("STREAM_HEARTBEAT_PERIOD", "PT2S");
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (String name : List.of("store-a", "store-b")) {
            Path data = Files.createDirectories(root.resolve(name));
            dataDirs.put(name, data);
            Map<String, String> own = new HashMap<>(environment);
            own.put("STREAM_INSTANCE_ID", name);
            if (name.equals("store-b")) {
                own.put("STREAM_S3_PRESIGN", "true");
            }
            ServerProcess server = new ServerProcess(data, own, name);
            servers.put(name, server);
            starts.add(CompletableFuture.runAsync(() -> {
                try {
                    server.start();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (ServerProcess server : servers.values()) {
            server.close();
        }
        if (bucket != null) {
            bucket.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void jobsSubmittedToOneServerPlayFromTheOtherOutOfTheBucket() throws Exception {
        Path source = TestAudio.sineWav("sine-3s-storage.wav", 3, 44_100, 2);
        StreamApi a = api("store-a");
        List<String> jobs = new ArrayList<>();
        Map<String, String> codecs = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            // half in MPEG-TS, half in fMP4, whose init segment is published with the first segment
            String codec = i % 2 == 0 ? "aac" : "flac";
            String job = a.submitted(source, StreamApi.fields("codec", codec));
            jobs.add(job);
            codecs.put(job, codec);
        }
        Set<String> downloaded = new HashSet<>();
        for (String job : jobs) {
            JsonObject done = a.awaitFinal(job, Duration.ofMinutes(3), new ArrayList<>());
            assertEquals("Completed", done.getString("status"), done.toString());
            String encoder = done.getString("instance");
            List<String> objects = bucket.keys(PREFIX + "jobs/" + job);
            List<String> expected = codecs.get(job).equals("aac") ? List.of("segment_00001.ts", "peaks.json")
                    : List.of("init.mp4", "segment_00001.m4s", "peaks.json");
            assertTrue(objects.containsAll(expected), "in the bucket: " + objects);
            for (String name : servers.keySet()) {
                assertTrue(segmentsIn(dataDirs.get(name)).isEmpty(), name + " keeps no published segment: "
                        + segmentsIn(dataDirs.get(name)));
            }
            String other = encoder.equals("store-a") ? "store-b" : "store-a";
            StreamApi player = api(other);
            Path decoded = TestAudio.decodeToWav(player.uri("v1/stream/hls/" + job + "/index.m3u8").toString(), job + ".wav");
            assertEquals(3.0, TestAudio.durationSeconds(decoded.toString()), 0.1, "plays whole from the server that did not encode it");
            assertEquals(200, player.get("v1/stream/job/" + job + "/peaks.json").statusCode());
            if (downloaded.add(codecs.get(job))) {
                assertDownloadsFromTheBucket(player, job, codecs.get(job));
            }
        }
        // which server encodes these short jobs is a race (store-a often finishes each before store-b's next look for
        // queued jobs), so a server encoding an upload it did not take is shown by the crash test, whose survivor must
        // fetch the killed server's upload from the bucket
        assertEquals(List.of(), bucket.keys(PREFIX + "uploads"), "a completed job's upload leaves the bucket");
        for (String name : servers.keySet()) {
            try (Stream<Path> uploads = Files.list(dataDirs.get(name).resolve("uploads"))) {
                assertEquals(List.of(), uploads.toList(), name + " keeps no copy of an upload");
            }
        }
    }

    /**
     * The whole-track download, from a server that holds none of the job's files: .aac from MPEG-TS segments, .flac
     * from fMP4 ones, decoding to the source's 3 s; a range of it is that range of the whole.
     */
    private static void assertDownloadsFromTheBucket(StreamApi player, String job, String codec) throws IOException {
        String download = "v1/stream/job/" + job + "/download";
        HttpResponse<byte[]> whole = player.send(HttpRequest.newBuilder(player.uri(download)), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode(), new String(whole.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(String.valueOf(whole.body().length), whole.headers().firstValue("Content-Length").orElse(""));
        assertTrue(whole.headers().firstValue("Content-Disposition").orElse("").endsWith(
                (codec.equals("aac") ? ".aac" : ".flac") + "\""), whole.headers().toString());
        assertEquals(3.0, TestAudio.decodeToPcm(player.uri(download).toString(), 44_100).length / 44_100.0, 0.05,
                codec + ": the download plays whole");
        // from inside the FLAC header, or the first ADTS frame, to two thirds of the file
        int first = 30;
        int last = whole.body().length * 2 / 3;
        HttpResponse<byte[]> part = player.send(HttpRequest.newBuilder(player.uri(download))
                .header("Range", "bytes=" + first + "-" + last), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("bytes " + first + "-" + last + "/" + whole.body().length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(whole.body(), first, last + 1), part.body(), codec + ": a range of the download");
        assertEquals(whole.headers().firstValue("ETag").orElseThrow(), part.headers().firstValue("ETag").orElse(""));
    }

    @Test
    void aSegmentFromTheBucketHonoursRangeAndEtagAMissingOneIs404AndADiscardedJobsObjectsGo() throws Exception {
        StreamApi a = api("store-a");
        String job = a.submitted(TestAudio.sineWav("sine-2s-storage.wav", 2, 44_100, 1));
        assertEquals("Completed", a.awaitFinal(job, Duration.ofMinutes(2), new ArrayList<>()).getString("status"));
        String segment = "v1/stream/hls/" + job + "/segment_00001.ts";
        byte[] stored = Files.readAllBytes(bucket.object(PREFIX + "jobs/" + job + "/segment_00001.ts"));

        HttpResponse<byte[]> whole = a.send(HttpRequest.newBuilder(a.uri(segment)), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertArrayEquals(stored, whole.body());
        String etag = whole.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> part = a.send(HttpRequest.newBuilder(a.uri(segment)).header("Range", "bytes=188-375"),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 188-375/" + stored.length, part.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(stored, 188, 376), part.body());

        HttpResponse<byte[]> unchanged = a.send(HttpRequest.newBuilder(a.uri(segment)).header("If-None-Match", etag),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, unchanged.statusCode());
        assertEquals(404, a.get("v1/stream/hls/" + job + "/segment_00999.ts").statusCode());

        HttpResponse<String> discarded = a.send(HttpRequest.newBuilder(a.uri("v1/stream/job/" + job + "/discard"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertTrue(discarded.statusCode() < 300, discarded.body());
        assertEquals(List.of(), bucket.keys(PREFIX + "jobs/" + job), "deleted one object at a time");
    }

    @Test
    void withPresignThePlaylistPointsAtTheBucketAndWithoutItAtTheServer() throws Exception {
        StreamApi a = api("store-a");
        String job = a.submitted(TestAudio.sineWav("sine-2s-presign.wav", 2, 44_100, 1), StreamApi.fields("codec", "flac"));
        assertEquals("Completed", a.awaitFinal(job, Duration.ofMinutes(2), new ArrayList<>()).getString("status"));
        String playlist = "v1/stream/hls/" + job + "/index.m3u8";
        assertTrue(a.get(playlist).body().contains("\nsegment_00001.m4s\n"), a.get(playlist).body());

        HttpResponse<String> presigned = api("store-b").get(playlist);
        assertEquals("no-cache", presigned.headers().firstValue("Cache-Control").orElseThrow(),
                "without a token the URLs expire after the URL TTL");
        String endpoint = bucket.environment(PREFIX).get("STREAM_S3_ENDPOINT");
        String folder = endpoint + "/" + S3Proxy.BUCKET + "/" + PREFIX + "jobs/" + job + "/";
        assertTrue(presigned.body().contains("#EXT-X-MAP:URI=\"" + folder + "init.mp4?"), presigned.body());
        String url = presigned.body().lines().filter(line -> line.contains("segment_00001.m4s")).findFirst().orElseThrow();
        assertTrue(url.startsWith(folder + "segment_00001.m4s?"), url);
        assertTrue(url.contains("X-Amz-Expires=43200"), "valid for stream.playback.url-ttl, 12 h: " + url);
        HttpResponse<byte[]> fromBucket = java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(java.net.URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fromBucket.statusCode());
        assertArrayEquals(Files.readAllBytes(bucket.object(PREFIX + "jobs/" + job + "/segment_00001.m4s")), fromBucket.body());
        Path decoded = TestAudio.decodeToWav(api("store-b").uri(playlist).toString(), job + "-presigned.wav");
        assertEquals(2.0, TestAudio.durationSeconds(decoded.toString()), 0.1);
    }

    @Test
    void whileTheBucketIsDownSegmentsAre503AndTheServersNotReady() throws Exception {
        StreamApi b = api("store-b");
        String job = b.submitted(TestAudio.sineWav("sine-2s-outage.wav", 2, 44_100, 1));
        assertEquals("Completed", b.awaitFinal(job, Duration.ofMinutes(2), new ArrayList<>()).getString("status"));
        StreamApi health = new StreamApi(servers.get("store-b").healthUrl());
        bucket.stop();
        try {
            HttpResponse<String> segment = b.get("v1/stream/hls/" + job + "/segment_00001.ts");
            assertEquals(503, segment.statusCode(), segment.body());
            assertFalse(segment.body().contains("Exception"), "no stack trace: " + segment.body());
            HttpResponse<String> download = b.get("v1/stream/job/" + job + "/download");
            assertEquals(503, download.statusCode(), download.body());
            assertFalse(download.body().contains("Exception"), "no stack trace: " + download.body());
            HttpResponse<String> upload = b.submit(TestAudio.sineWav("sine-2s-outage.wav", 2, 44_100, 1), Map.of());
            assertEquals(503, upload.statusCode(), "an upload that cannot be kept: " + upload.body());
            JsonObject down = awaitReadiness(health, 503);
            assertTrue(down.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .anyMatch(check -> check.getString("name").equals("storage") && check.getString("status").equals("DOWN")), down.toString());
        } finally {
            bucket.start();
        }
        awaitReadiness(health, 200);
        assertEquals(200, b.get("v1/stream/hls/" + job + "/segment_00001.ts").statusCode());
    }

    /**
     * With data directories of their own, both servers take the generated playback signing key from the database:
     * each makes its job JSON's hls_url with it, at once, and neither writes a key of its own to disk.
     */
    @Test
    void bothServersTakeTheOneGeneratedSigningKeyFromTheDatabase() throws Exception {
        String job = api("store-a").submitted(TestAudio.sineWav("sine-1s-secret.wav", 1, 8_000, 1));
        List<CompletableFuture<HttpResponse<String>>> views = new ArrayList<>();
        for (String name : servers.keySet()) {
            views.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return api(name).get("v1/stream/job/" + job);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> view : views) {
            assertEquals(200, view.join().statusCode(), view.join().body());
        }
        String key = postgres.query("stream", "SELECT NAME || ' ' || LENGTH(SECRET) FROM GENERATED_SECRET"
                + " WHERE NAME = 'playback-signing.key'").strip();
        assertEquals("playback-signing.key 44", key, "one row, 32 bytes in Base64");
        for (String name : servers.keySet()) {
            assertFalse(Files.exists(dataDirs.get(name).resolve("playback-signing.key")), name + " keeps no key on disk");
        }
        // its upload must be gone before the first test looks at the bucket's uploads
        assertEquals("Completed", api("store-a").awaitFinal(job, Duration.ofMinutes(2), new ArrayList<>()).getString("status"));
    }

    /** Last, as it leaves one server dead. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aKilledServersJobResumesOnTheOtherAfterTheSegmentsInTheBucketAndPlaysWhole() throws Exception {
        Path source = TestAudio.sineWav("sine-10min-8k.wav", 600, 8_000, 1);
        String job = api("store-a").submitted(source);
        JsonObject running = awaitProcessing(job);
        String victim = running.getString("instance");
        String survivor = victim.equals("store-a") ? "store-b" : "store-a";

        servers.get(victim).kill();

        JsonObject done = api(survivor).awaitFinal(job, Duration.ofMinutes(3), new ArrayList<>());
        assertEquals("Completed", done.getString("status"), done.toString());
        assertEquals(survivor, done.getString("instance"));
        String log = Files.readString(dataDirs.get(survivor).resolve(survivor + "-1.log"));
        assertTrue(java.util.regex.Pattern.compile("job " + job + ": encoding .* resuming after segment [1-9]").matcher(log).find(),
                "the survivor skipped the segments that the bucket holds");
        Path decoded = TestAudio.decodeToWav(api(survivor).uri("v1/stream/hls/" + job + "/index.m3u8").toString(), job + ".wav");
        // AAC's priming and last frame add about 0.2 s at 8 kHz; a segment missing from the bucket would take 6 s
        assertEquals(600.0, TestAudio.durationSeconds(decoded.toString()), 0.5, "every recorded segment is in the bucket");
    }

    /** The job is Processing and has committed a segment. */
    private static JsonObject awaitProcessing(String job) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            JsonObject state = api("store-a").job(job);
            assertFalse(state.getString("status").equals("Completed"), "job " + job + " ended before the test could act");
            if (state.getJsonNumber("progress").doubleValue() > 0) {
                return state;
            }
            StreamApi.pause(Duration.ofMillis(100));
        }
        throw new AssertionError("job " + job + " committed no segment");
    }

    /** The published segment files in a data directory, outside the encoders' scratch folders. */
    private static List<Path> segmentsIn(Path data) throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("jobs"))) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.(ts|m4s|mp4)") && !f.toString().contains("/.encoder/"))
                    .toList();
        }
    }

    private static JsonObject awaitReadiness(StreamApi health, int status) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            HttpResponse<String> ready = health.get("health/ready");
            if (ready.statusCode() == status) {
                return StreamApi.json(ready);
            }
            assertTrue(Instant.now().isBefore(deadline), "readiness never answered " + status + ": " + ready.body());
            StreamApi.pause(Duration.ofMillis(100));
        }
    }

    private static StreamApi api(String name) throws IOException {
        return new StreamApi(servers.get(name).url());
    }
}

package io.streamserver.workers.boundary;

import io.streamserver.PostgresCluster;
import io.streamserver.ServerProcess;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.WebhookReceiver;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Servers on one PostgreSQL database and one data directory, each its own Payara Micro process, as the README's
 * "How it scales" runs them: jobs spread over them and run once, a killed server's jobs are taken over, a second
 * server with a running one's instance id is fenced off, a cancel on one server stops another's ffmpeg, and a
 * webhook whose sender is killed mid-delivery is delivered by the other.
 */
class ScaleOutIT {

    /**
     * Short leases, so that a takeover waits seconds rather than the default 15 s; webhooks may reach the test's
     * receiver on loopback.
     */
    private static final Map<String, String> SERVER = Map.of("STREAM_WORKERS", "2",
            "STREAM_LEASE_DURATION", "PT6S", "STREAM_HEARTBEAT_PERIOD", "PT2S",
            "STREAM_WEBHOOK_ALLOW_PRIVATE", "true", "STREAM_WEBHOOK_FIRST_RETRY", "PT0.5S");
    private static final List<String> FINAL = List.of("Completed", "Failed", "Cancelled");

    private static PostgresCluster postgres;
    private static Path dataDir;
    private static final Map<String, ServerProcess> servers = new ConcurrentHashMap<>();
    private static Path longSource;

    @BeforeAll
    static void startDatabaseAndTwoServers() throws IOException {
        Path root = Path.of(System.getProperty("stream.test-dir", "target/it"), "scale-out-" + UUID.randomUUID());
        postgres = PostgresCluster.start(root.resolve("postgres"));
        postgres.createDatabase("stream");
        dataDir = Files.createDirectories(root.resolve("data"));
        longSource = TestAudio.sineWav("sine-10min-8k.wav", 600, 8_000, 1);
        // at once, as servers of one version may start: both race to create the schema and the batch runtime's tables
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> start("scale-a"));
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> start("scale-b"));
        CompletableFuture.allOf(first, second).join();
    }

    private static void start(String name) {
        try {
            ensureRunning(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void bothServersRun() throws IOException {
        ensureRunning("scale-a");
        ensureRunning("scale-b");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (ServerProcess server : servers.values()) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void twelveJobsSpreadOverTheServersRunOnceAndPlayFromEach() throws Exception {
        Path source = TestAudio.sineWav("sine-4s.wav", 4, 44_100, 2);
        List<StreamApi> apis = List.of(api("scale-a"), api("scale-b"));
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            jobs.add(apis.get(i % 2).submitted(source));
        }
        Set<String> instances = new HashSet<>();
        for (String job : jobs) {
            JsonObject done = apis.get(0).awaitFinal(job, Duration.ofMinutes(5), new ArrayList<>());
            assertEquals("Completed", done.getString("status"), done.toString());
            instances.add(done.getString("instance"));
            JsonArray executions = StreamApi.array(apis.get(1).get("v1/stream/job/" + job + "/executions"));
            assertEquals(1, executions.size(), "job " + job + " ran once: " + executions);
            assertEquals("COMPLETED", executions.getJsonObject(0).getString("batch_status"));
            String playlist = "v1/stream/hls/" + job + "/index.m3u8";
            assertEquals(apis.get(0).get(playlist).body(), apis.get(1).get(playlist).body());
            StreamApi other = done.getString("instance").equals("scale-a") ? apis.get(1) : apis.get(0);
            Path decoded = TestAudio.decodeToWav(other.uri(playlist).toString(), job + ".wav");
            assertEquals(4.0, TestAudio.durationSeconds(decoded.toString()), 0.1, "plays whole from the server that did not encode it");
        }
        assertEquals(Set.of("scale-a", "scale-b"), instances, "both servers took jobs");

        JsonArray live = StreamApi.array(apis.get(0).get("v1/stream/servers"));
        assertEquals(Set.of("scale-a", "scale-b"), live.getValuesAs(JsonObject.class).stream()
                .map(s -> s.getString("instance")).collect(Collectors.toSet()));
        live.getValuesAs(JsonObject.class).forEach(s -> assertEquals(2, s.getInt("workers")));
        assertEquals("timestamp with time zone", postgres.query("stream",
                "SELECT data_type FROM information_schema.columns WHERE table_name = 'transcode_job' AND column_name = 'created_at'").strip());
    }

    /** The key's unique constraint is in the shared database, so it holds across servers, which keep no memory of keys. */
    @Test
    void eightSubmissionsWithOneIdempotencyKeySplitOverBothServersMakeOneJob() throws Exception {
        Path source = TestAudio.sineWav("sine-4s.wav", 4, 44_100, 2);
        List<StreamApi> apis = List.of(api("scale-a"), api("scale-b"));
        String key = UUID.randomUUID().toString();
        String track = "scale_idem_" + key.substring(0, 8);
        List<CompletableFuture<java.net.http.HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            StreamApi api = apis.get(i % 2);
            sent.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return api.send(api.multipart(source, "sine-4s.wav", Map.of("track_id", track))
                            .header("Idempotency-Key", key));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        Set<String> bodies = new HashSet<>();
        for (CompletableFuture<java.net.http.HttpResponse<String>> answer : sent) {
            assertEquals(200, answer.get().statusCode(), answer.get().body());
            bodies.add(answer.get().body());
        }
        assertEquals(1, bodies.size(), "every answer is the first one's: " + bodies);
        assertEquals("1", postgres.query("stream", "SELECT COUNT(*) FROM transcode_job WHERE track_id = '" + track + "'")
                .strip(), "one job in the shared database");
        String job = StreamApi.json(sent.get(0).get()).getString("job_id");
        assertEquals("Completed", apis.get(1).awaitFinal(job, Duration.ofMinutes(2), new ArrayList<>()).getString("status"));
    }

    @Test
    void aKilledServersJobsCompleteOnTheOthersWithTheSameOutput() throws Exception {
        String first = api("scale-a").submitted(longSource);
        String second = api("scale-b").submitted(longSource);
        String victim = awaitProcessing(first).getString("instance");
        awaitProcessing(second);
        List<String> victimsJobs = new ArrayList<>();
        for (String job : List.of(first, second)) {
            if (api(victim).job(job).getString("instance").equals(victim)) {
                victimsJobs.add(job);
            }
        }
        JsonObject victimsRow = StreamApi.array(api("scale-a").get("v1/stream/servers")).getValuesAs(JsonObject.class).stream()
                .filter(server -> server.getString("instance").equals(victim)).findFirst().orElseThrow();
        assertEquals(victimsJobs, victimsRow.getJsonArray("jobs").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList(), "the servers list names the jobs the victim runs: " + victimsRow);
        List<ProcessHandle> victimsFfmpeg = ffmpegOf(servers.get(victim).pid(), victimsJobs);
        assertFalse(victimsFfmpeg.isEmpty());
        Map<String, Long> victimsExecutions = new HashMap<>();
        for (String job : victimsJobs) {
            JsonArray executions = StreamApi.array(api(victim).get("v1/stream/job/" + job + "/executions"));
            victimsExecutions.put(job, executions.getJsonObject(executions.size() - 1).getJsonNumber("execution_id").longValue());
        }

        servers.get(victim).kill();
        Instant killed = Instant.now();

        awaitGone(victimsFfmpeg, Duration.ofSeconds(10), "the killed server's ffmpeg died with it");
        String survivor = victim.equals("scale-a") ? "scale-b" : "scale-a";
        for (String job : victimsJobs) {
            JsonObject done = api(survivor).awaitFinal(job, Duration.ofSeconds(60), new ArrayList<>());
            assertEquals("Completed", done.getString("status"), done.toString());
            assertTrue(Instant.parse(done.getString("completed_at")).isBefore(killed.plusSeconds(60)),
                    "completed within 60 s of the kill: " + done);
            assertEquals(survivor, done.getString("instance"));
            JsonArray executions = StreamApi.array(api(survivor).get("v1/stream/job/" + job + "/executions"));
            JsonObject last = executions.getJsonObject(executions.size() - 1);
            assertEquals("COMPLETED", last.getString("batch_status"));
            assertNotEquals(victimsExecutions.get(job), last.getJsonNumber("execution_id").longValue(),
                    "the job completed in an execution of its own, not the dead server's: " + executions);
        }
        assertSameAsUninterrupted(api(survivor), victimsJobs);
    }

    @Test
    void aSecondServerWithARunningServersIdFencesItOffAndTheJobsStillComplete() throws Exception {
        String job = api("scale-a").submitted(longSource);
        String holder = awaitProcessing(job).getString("instance");
        List<ProcessHandle> holdersFfmpeg = ffmpegOf(servers.get(holder).pid(), List.of(job));
        assertFalse(holdersFfmpeg.isEmpty());

        try (ServerProcess twin = new ServerProcess(dataDir, with(Map.of("STREAM_INSTANCE_ID", holder)), holder + "-twin")) {
            twin.start();
            awaitGone(holdersFfmpeg, Duration.ofSeconds(30), "the fenced server stopped its ffmpeg");
            JsonObject done = new StreamApi(twin.url()).awaitFinal(job, Duration.ofMinutes(3), new ArrayList<>());
            assertEquals("Completed", done.getString("status"), done.toString());
            assertEquals(100, done.getJsonNumber("progress").doubleValue());
            assertSameAsUninterrupted(api("scale-a"), List.of(job));
            twin.stop(); // leaves the servers list as a stopped server does, for the tests after this one
        }
    }

    @Test
    void aCancelOnOneServerStopsTheFfmpegOfTheOther() throws Exception {
        String job = api("scale-a").submitted(longSource);
        String holder = awaitProcessing(job).getString("instance");
        String other = holder.equals("scale-a") ? "scale-b" : "scale-a";
        List<ProcessHandle> ffmpeg = ffmpegOf(servers.get(holder).pid(), List.of(job));
        assertFalse(ffmpeg.isEmpty());

        var answer = api(other).send(HttpRequest.newBuilder(api(other).uri("v1/stream/job/" + job)).DELETE());

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("Cancelled", StreamApi.json(answer).getString("status"));
        awaitGone(ffmpeg, Duration.ofSeconds(2), "the holder's ffmpeg is gone within 2 s of the cancel");
        assertEquals("Cancelled", api(holder).awaitFinal(job).getString("status"));
    }

    /**
     * The job completes, and its event is on its way to a receiver that holds the request unanswered, when the server
     * sending it is killed: the event, in the outbox since the job's commit, is delivered all the same by the other
     * server once the dead one's claim has expired, with the same webhook-id.
     */
    @Test
    void anEventWhoseSenderIsKilledMidDeliveryIsDeliveredByTheOther() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.hold("/hook");
            var registered = api("scale-a").send(HttpRequest.newBuilder(api("scale-a").uri("v1/stream/webhooks"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"url\": \"" + receiver.url("/hook") + "\", \"events\": [\"job.completed\"]}")));
            assertEquals(201, registered.statusCode(), registered.body());
            String endpoint = StreamApi.json(registered).getString("id");
            String job = api("scale-b").submitted(TestAudio.sineWav("sine-4s.wav", 4, 44_100, 2));
            JsonObject done = api("scale-b").awaitFinal(job, Duration.ofMinutes(3), new ArrayList<>());
            assertEquals("Completed", done.getString("status"), done.toString());
            WebhookReceiver.Received first = receiver.await(r -> r.path().equals("/hook") && r.body().contains(job), 1,
                    Duration.ofSeconds(60)).get(0);
            String sender = servers.keySet().stream().filter(name -> holdsLocalPort(servers.get(name).pid(), first.senderPort()))
                    .findFirst().orElseThrow(() -> new AssertionError("no server holds the connection from port " + first.senderPort()));
            String survivor = sender.equals("scale-a") ? "scale-b" : "scale-a";

            servers.get(sender).kill();
            receiver.release("/hook");

            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            JsonObject delivery;
            do {
                StreamApi.pause(Duration.ofMillis(500));
                delivery = StreamApi.array(api(survivor).get("v1/stream/webhooks/" + endpoint + "/deliveries"))
                        .getValuesAs(JsonObject.class).stream().filter(d -> d.getString("job_id").equals(job))
                        .findFirst().orElseThrow();
            } while (!delivery.getString("state").equals("Delivered") && Instant.now().isBefore(deadline));
            assertEquals("Delivered", delivery.getString("state"), delivery.toString());
            List<WebhookReceiver.Received> received = receiver.received(r -> r.path().equals("/hook") && r.body().contains(job));
            assertTrue(received.size() >= 2, "sent again by the survivor: " + received);
            received.forEach(r -> assertEquals(first.id(), r.id(), "one webhook-id for the event"));
            api(survivor).send(HttpRequest.newBuilder(api(survivor).uri("v1/stream/webhooks/" + endpoint)).DELETE());
        }
    }

    /** Whether the process has a TCP socket bound to that local port, from /proc (Linux). */
    private static boolean holdsLocalPort(long pid, int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] columns = line.trim().split("\\s+");
                    if (columns[1].endsWith(hexPort)) {
                        inodes.add("socket:[" + columns[9] + "]");
                    }
                }
            } catch (IOException e) {
                // no IPv6 table on this host
            }
        }
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return inodes.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** The output equals an uninterrupted run's of the same source: the same segments, the same decoded length. */
    private static void assertSameAsUninterrupted(StreamApi api, List<String> jobs) throws IOException {
        String reference = api.submitted(longSource);
        assertEquals("Completed", api.awaitFinal(reference, Duration.ofMinutes(3), new ArrayList<>()).getString("status"));
        String expected = api.get("v1/stream/hls/" + reference + "/index.m3u8").body();
        double expectedSeconds = TestAudio.durationSeconds(
                TestAudio.decodeToWav(api.uri("v1/stream/hls/" + reference + "/index.m3u8").toString(), reference + ".wav").toString());
        for (String job : jobs) {
            assertEquals(expected, api.get("v1/stream/hls/" + job + "/index.m3u8").body(), "job " + job + ": the same segments");
            Path decoded = TestAudio.decodeToWav(api.uri("v1/stream/hls/" + job + "/index.m3u8").toString(), job + ".wav");
            assertEquals(expectedSeconds, TestAudio.durationSeconds(decoded.toString()), "job " + job + ": the same decoded duration");
        }
    }

    /** The job is Processing on some server and has committed a segment. */
    private static JsonObject awaitProcessing(String job) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonObject state = api("scale-a").job(job);
            assertFalse(FINAL.contains(state.getString("status")), "job " + job + " ended before the test could act: " + state);
            if (state.getJsonNumber("progress").doubleValue() > 0) {
                return state;
            }
            StreamApi.pause(Duration.ofMillis(100));
        }
        throw new AssertionError("job " + job + " committed no segment");
    }

    /** The server's ffmpeg processes working on the jobs. */
    private static List<ProcessHandle> ffmpegOf(long serverPid, List<String> jobs) {
        return ProcessHandle.of(serverPid).orElseThrow().descendants()
                .filter(p -> p.info().arguments().map(a -> jobs.stream().anyMatch(String.join(" ", a)::contains)).orElse(false))
                .toList();
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration within, String what) {
        Instant deadline = Instant.now().plus(within);
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (Instant.now().isAfter(deadline)) {
                processes.forEach(ProcessHandle::destroyForcibly);
                throw new AssertionError(what + ": still running " + processes);
            }
            StreamApi.pause(Duration.ofMillis(50));
        }
    }

    private static StreamApi api(String name) throws IOException {
        return new StreamApi(servers.get(name).url());
    }

    private static Map<String, String> with(Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(SERVER);
        environment.putAll(postgres.environment("stream"));
        environment.putAll(extra);
        return environment;
    }

    private static void ensureRunning(String name) throws IOException {
        ServerProcess server = servers.get(name);
        if (server == null) {
            server = new ServerProcess(dataDir, with(Map.of("STREAM_INSTANCE_ID", name)), name);
            servers.put(name, server);
        }
        if (!server.isAlive()) {
            server.start();
        }
    }
}

package io.streamserver.jobs.boundary;

import io.streamserver.PostgresCluster;
import io.streamserver.ServerProcess;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.TestServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server on PostgreSQL, configured as its users do it (the run script's STREAM_DB_URL on Payara, configure.cli
 * run with it on WildFly): the jobs and the batch runtime's executions live in that database, and the server is not
 * ready while the database is down, and works again once it is back.
 */
class PostgresDatabaseIT {

    private static PostgresCluster postgres;
    private static ServerProcess server;
    private static StreamApi api;

    @BeforeAll
    static void startDatabaseAndServer() throws IOException {
        Path root = Path.of(System.getProperty("stream.test-dir", "target/it"), "postgres-" + UUID.randomUUID());
        postgres = PostgresCluster.start(root.resolve("postgres"));
        postgres.createDatabase("stream");
        server = new ServerProcess(Files.createDirectories(root.resolve("data")), postgres.environment("stream")).start();
        api = new StreamApi(server.url());
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aJobAndItsBatchExecutionAreKeptInPostgres() throws IOException {
        String job = api.submitted(TestAudio.sineWav("sine-4s-postgres.wav", 4, 44_100, 1), StreamApi.fields("container", "cmaf"));
        String ladder = api.submitted(TestAudio.sineWav("sine-4s-postgres.wav", 4, 44_100, 1),
                StreamApi.fields("renditions", "low,high", "container", "cmaf"));
        assertEquals("Completed", api.awaitFinal(job, Duration.ofMinutes(2), new ArrayList<>()).getString("status"));
        assertEquals("Completed", postgres.query("stream", "SELECT status FROM transcode_job WHERE id = '" + job + "'").strip());
        // the container (migration V7) is kept with the job and with each of a ladder's rungs
        assertEquals("FRAGMENTED_MP4", postgres.query("stream", "SELECT container FROM transcode_job WHERE id = '" + job + "'").strip());
        assertEquals("Completed", api.awaitFinal(ladder, Duration.ofMinutes(2), new ArrayList<>()).getString("status"));
        assertEquals(List.of("FRAGMENTED_MP4", "FRAGMENTED_MP4"), postgres.query("stream",
                "SELECT container FROM job_rendition WHERE job_id = '" + ladder + "' ORDER BY position").strip().lines().toList());
        assertTrue(api.get("v1/stream/hls/" + ladder + "/high.m3u8").body().contains("#EXT-X-MAP:URI=\"high_init.mp4\""));

        JsonArray executions = StreamApi.array(api.get("v1/stream/job/" + job + "/executions"));
        assertEquals(1, executions.size(), executions.toString());
        long execution = executions.getJsonObject(0).getJsonNumber("execution_id").longValue();
        String repository = TestServer.isWildFly()
                ? "SELECT batchstatus FROM job_execution WHERE jobexecutionid = " + execution
                : "SELECT batchstatus FROM jbatchexecutioninstancedata WHERE jobexecid = " + execution;
        assertEquals("COMPLETED", postgres.query("stream", repository).strip(), "the batch runtime's record is in PostgreSQL");

        Path decoded = TestAudio.decodeToWav(api.uri("v1/stream/hls/" + job + "/index.m3u8").toString(), job + ".wav");
        assertEquals(4.0, TestAudio.durationSeconds(decoded.toString()), 0.1);
    }

    @Test
    void notReadyWhileTheDatabaseIsDownAndWorkingAgainWhenItIsBack() throws IOException {
        StreamApi health = new StreamApi(server.healthUrl());
        postgres.pause();
        try {
            JsonObject down = awaitReadiness(health, 503);
            assertEquals(List.of("DOWN"), down.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> check.getString("name").equals("database")).map(check -> check.getString("status"))
                    .toList(), down.toString());
        } finally {
            postgres.resume();
        }
        awaitReadiness(health, 200);
        String job = api.submitted(TestAudio.sineWav("sine-4s-after-outage.wav", 4, 44_100, 1));
        assertEquals("Completed", api.awaitFinal(job, Duration.ofMinutes(2), new ArrayList<>()).getString("status"),
                "the server takes jobs again once its database is back");
    }

    /** Polls /health/ready until it answers the status, and returns its body. */
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
}

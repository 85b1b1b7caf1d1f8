package io.streamserver.jobs.boundary;

import io.streamserver.ServerProcess;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.Version03;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data directory that version 0.3 made (its H2 database, with EclipseLink's schema and real jobs, and their
 * segments), started on by this build: the database is upgraded in place, the old jobs list and play as they did.
 */
class MigrationIT {

    @Test
    void jobsOfVersion03StillListAndPlay() throws Exception {
        Path dataDir = Version03.unzipDataDirectory(
                Files.createDirectories(Path.of(System.getProperty("stream.test-dir", "target/it"), "migration-" + UUID.randomUUID())));
        Map<String, JsonObject> before = Version03.jobs();
        try (ServerProcess server = new ServerProcess(dataDir, Map.of("STREAM_WORKERS", "1"))) {
            StreamApi api = new StreamApi(server.start().url());

            JsonObject listed = StreamApi.json(api.get("v1/stream/jobs"));
            assertEquals(before.size(), listed.getJsonArray("jobs").size());
            Instant previous = Instant.MAX;
            for (JsonObject job : listed.getJsonArray("jobs").getValuesAs(JsonObject.class)) {
                JsonObject old = before.get(job.getString("id"));
                for (String field : new String[]{"track_id", "status", "priority"}) {
                    assertEquals(old.getString(field), job.getString(field), field);
                }
                for (String field : new String[]{"created_at", "started_at", "completed_at"}) {
                    assertEquals(micros(old, field), micros(job, field), job.getString("id") + " " + field);
                }
                Instant created = Instant.parse(job.getString("created_at"));
                assertTrue(created.isBefore(previous), "newest first, by the converted times");
                previous = created;
                if (job.getString("status").equals("Completed")) {
                    String playlist = "v1/stream/hls/" + job.getString("id") + "/index.m3u8";
                    assertEquals(200, api.get(playlist).statusCode(), playlist);
                    Path decoded = TestAudio.decodeToWav(api.uri(playlist).toString(), job.getString("id") + ".wav");
                    assertEquals(old.getJsonObject("source").getJsonNumber("duration_s").doubleValue(),
                            TestAudio.durationSeconds(decoded.toString()), 0.1, "the whole source plays");
                }
            }

            String cancelled = before.values().stream().filter(j -> j.getString("status").equals("Cancelled"))
                    .findFirst().orElseThrow().getString("id");
            assertEquals(200, api.send(java.net.http.HttpRequest.newBuilder(api.uri("v1/stream/job/" + cancelled + "/retry"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode());
            assertEquals("Completed", api.awaitFinal(cancelled).getString("status"), "the upgraded database takes new work");
        }
    }

    private static Instant micros(JsonObject job, String field) {
        return job.isNull(field) ? null : Instant.parse(job.getString(field)).truncatedTo(ChronoUnit.MICROS);
    }
}

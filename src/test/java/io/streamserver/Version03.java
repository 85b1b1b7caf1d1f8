package io.streamserver;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A data directory that version 0.3 (commit 1c46a56, before Flyway) made with four real jobs: its H2 database with
 * EclipseLink's schema, the jobs' segments and the cancelled job's upload; and what that server answered for them.
 */
public final class Version03 {

    private Version03() {
    }

    public static Path unzipDataDirectory(Path folder) throws IOException {
        return DataFolder.unzip("/migration/data-0.3.zip", folder);
    }

    /** GET /v1/stream/jobs of the 0.3 server just before it stopped, by job id. */
    public static Map<String, JsonObject> jobs() throws IOException {
        try (InputStream in = Version03.class.getResourceAsStream("/migration/jobs-0.3.json");
             JsonReader reader = Json.createReader(in)) {
            Map<String, JsonObject> jobs = new HashMap<>();
            reader.readObject().getJsonArray("jobs").getValuesAs(JsonObject.class).forEach(j -> jobs.put(j.getString("id"), j));
            return jobs;
        }
    }
}

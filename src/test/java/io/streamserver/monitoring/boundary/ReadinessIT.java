package io.streamserver.monitoring.boundary;

import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * /health/ready is open to anyone: a probe only reads what the background refresh found, and starts no process;
 * the refresh still turns it DOWN within seconds when ffmpeg goes. FFMPEG_PATH is a link that a test removes.
 */
@ExtendWith(ArquillianExtension.class)
class ReadinessIT {

    private static final Path FFMPEG_LINK = Path.of("target", "readiness-it", "ffmpeg").toAbsolutePath();
    private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        link();
        return Deployments.serverWith(Map.of("ffmpeg.path", FFMPEG_LINK.toString(), "stream.health-refresh-period", "PT1S"));
    }

    @Test
    void manyReadinessProbesStartNoProcess() throws IOException {
        StreamApi api = new StreamApi(base);
        StreamApi health = new StreamApi(TestServer.health(base));
        awaitReadiness(health, 200);
        double before = OperationsIT.metric(api, "stream_processes_started_total", "");
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> ready = health.get("health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
        }
        assertEquals(before, OperationsIT.metric(api, "stream_processes_started_total", ""),
                "200 readiness probes started no ffmpeg, ffprobe or bubblewrap");
    }

    @Test
    void readinessTurnsDownWhenFfmpegGoesAndUpWhenItIsBack() throws IOException {
        StreamApi health = new StreamApi(TestServer.health(base));
        awaitReadiness(health, 200);
        Files.delete(FFMPEG_LINK);
        try {
            JsonObject down = awaitReadiness(health, 503);
            assertEquals("DOWN", check(down, "ffmpeg").getString("status"), down.toString());
            assertEquals("UP", check(down, "database").getString("status"), "only ffmpeg is the matter: " + down);
        } finally {
            link();
        }
        JsonObject up = awaitReadiness(health, 200);
        assertEquals("UP", check(up, "ffmpeg").getString("status"), up.toString());
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " check: " + health));
    }

    /** Polls /health/ready until it answers the status, and returns its body. */
    private static JsonObject awaitReadiness(StreamApi health, int status) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            HttpResponse<String> ready = health.get("health/ready");
            if (ready.statusCode() == status) {
                return StreamApi.json(ready);
            }
            if (Instant.now().isAfter(deadline)) {
                fail("/health/ready did not answer " + status + " within 30 s: " + ready.statusCode() + " " + ready.body());
            }
            StreamApi.pause(Duration.ofMillis(200));
        }
    }

    private static void link() {
        try {
            Files.createDirectories(FFMPEG_LINK.getParent());
            Files.deleteIfExists(FFMPEG_LINK);
            Files.createSymbolicLink(FFMPEG_LINK, FFMPEG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

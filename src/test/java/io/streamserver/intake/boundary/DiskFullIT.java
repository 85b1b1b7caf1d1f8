package io.streamserver.intake.boundary;

import io.streamserver.DataFolder;
import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import io.streamserver.TestServer;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STREAM_MIN_FREE_BYTES, set above any disk's free space: the server takes no upload and says why. */
@ExtendWith(ArquillianExtension.class)
class DiskFullIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.serverWith(Map.of("stream.min-free-bytes", String.valueOf(Long.MAX_VALUE)));
    }

    @Test
    void anUploadIsRefusedWithInsufficientStorageAndNotKept() throws IOException {
        StreamApi api = new StreamApi(base);
        List<Path> before = DataFolder.uploads();

        HttpResponse<String> response = api.submit(TestAudio.sineWav("sine-3s.wav", 3, 44_100, 2), Map.of());

        assertEquals(507, response.statusCode(), response.body());
        JsonObject error = StreamApi.json(response);
        assertEquals("insufficient_storage", error.getString("error"));
        assertTrue(error.getString("message").contains("disk space"), error.toString());
        assertTrue(error.getString("message").contains("STREAM_MIN_FREE_BYTES"), error.toString());
        assertEquals(before, DataFolder.uploads());
        assertEquals(200, api.get("v1/stream/jobs").statusCode(), "reading still works on a full disk");
    }

    @Test
    void readinessIsDownAndSaysWhy() throws IOException {
        HttpResponse<String> ready = new StreamApi(TestServer.health(base)).get("health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        JsonObject body = StreamApi.json(ready);
        assertEquals("DOWN", body.getString("status"));
        JsonObject disk = body.getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> c.getString("name").equals("disk-space")).findFirst().orElseThrow();
        assertEquals("DOWN", disk.getString("status"), disk.toString());
        assertTrue(body.getJsonArray("checks").stream().map(c -> c.asJsonObject())
                .filter(c -> !c.getString("name").equals("disk-space")).allMatch(c -> c.getString("status").equals("UP")),
                "only the disk is the matter: " + body);
    }

}

package io.streamserver.monitoring.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** META-INF/openapi.yaml, the contract /openapi serves, describes every endpoint the code declares. */
class OpenApiContractTest {

    static JsonNode contract() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Path.of("src/main/resources/META-INF/openapi.yaml").toFile());
    }

    @Test
    void everyEndpointIsDescribed() throws IOException {
        assertTrue(OpenApiCoverage.jaxRsEndpoints().contains("GET /v1/stream/job/{}"), OpenApiCoverage.jaxRsEndpoints().toString());
        assertTrue(OpenApiCoverage.jaxRsEndpoints().contains("POST /v1/stream/transcode"));
        OpenApiCoverage.assertCovers(contract().get("paths"));
    }

    @Test
    void aMissingEndpointIsNoticed() throws IOException {
        ObjectNode paths = (ObjectNode) contract().get("paths").deepCopy();
        ((ObjectNode) paths.get("/v1/stream/job/{id}")).remove("get");
        assertThrows(AssertionError.class, () -> OpenApiCoverage.assertCovers(paths));
        ObjectNode noServlet = (ObjectNode) contract().get("paths").deepCopy();
        noServlet.remove("/v1/stream/hls/{id}/index.m3u8");
        noServlet.remove("/v1/stream/hls/{id}/{segment}");
        noServlet.remove("/v1/stream/hls/{id}/manifest.mpd");
        assertThrows(AssertionError.class, () -> OpenApiCoverage.assertCovers(noServlet));
    }

    /** A job as the API answers it, written out by hand. */
    private static ObjectNode job() throws IOException {
        return (ObjectNode) new ObjectMapper().readTree("""
                {"id":"550e8400-e29b-41d4-a716-446655440000","track_id":"t","status":"Completed","progress":100.0,
                 "created_at":"2026-01-01T00:00:00Z","started_at":"2026-01-01T00:00:01Z","completed_at":null,"error":null,
                 "priority":"normal","owner":null,"output_expired":false,"message":null,
                 "source":{"format":"wav","codec":"pcm_s16le","duration_s":2.0,"sample_rate":44100,"channels":2,"bit_depth":16},
                 "loudness":null,"hls_url":"/v1/stream/hls/550e8400-e29b-41d4-a716-446655440000/index.m3u8",
                 "container":"cmaf","download_url":"/v1/stream/job/550e8400-e29b-41d4-a716-446655440000/download",
                 "dash_url":null}
                """);
    }

    @Test
    void aResponseWithTheDescribedFieldsPasses() throws IOException {
        OpenApiCoverage.assertDescribes(contract(), "GET", "/v1/stream/job/{id}", 200, job());
    }

    @Test
    void anUndescribedFieldAMissingRequiredOneAWrongTypeAndAnUnknownEnumValueAreNoticed() throws IOException {
        JsonNode contract = contract();
        List<Consumer<ObjectNode>> breakages = List.of(
                job -> ((ObjectNode) job.get("source")).put("bits_per_raw_sample", 16),
                job -> job.remove("track_id"),
                job -> job.put("progress", "100"),
                job -> job.putNull("output_expired"),
                job -> job.put("status", "Done"),
                job -> job.put("container", "mp4"));
        for (Consumer<ObjectNode> breakage : breakages) {
            ObjectNode job = job();
            breakage.accept(job);
            assertThrows(AssertionError.class, () -> OpenApiCoverage.assertDescribes(contract, "GET", "/v1/stream/job/{id}", 200, job),
                    job.toString());
        }
    }
}

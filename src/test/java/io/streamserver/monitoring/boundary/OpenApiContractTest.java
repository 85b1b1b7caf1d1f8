package io.streamserver.monitoring.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

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
        assertThrows(AssertionError.class, () -> OpenApiCoverage.assertCovers(noServlet));
    }
}

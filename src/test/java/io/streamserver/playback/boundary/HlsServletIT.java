package io.streamserver.playback.boundary;

import io.streamserver.Deployments;
import io.streamserver.StreamApi;
import io.streamserver.TestAudio;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HLS servlet: manifest states, and segments served as immutable files with Range, HEAD, ETag and CORS. */
@ExtendWith(ArquillianExtension.class)
class HlsServletIT {

    private static String completedJob;

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    private StreamApi api() {
        return new StreamApi(base);
    }

    /** One completed job shared by the tests that only read it; made by whichever test needs it first. */
    private synchronized String completedJob() throws IOException {
        if (completedJob == null) {
            String jobId = api().submitted(TestAudio.sineWav("sine-8s.wav", 8, 44_100, 2));
            assertEquals("Completed", api().awaitFinal(jobId).getString("status"));
            completedJob = jobId;
        }
        return completedJob;
    }

    private String segmentPath() throws IOException {
        return "v1/stream/hls/" + completedJob() + "/segment_00001.ts";
    }

    private HttpResponse<byte[]> fetch(HttpRequest.Builder request) throws IOException {
        return api().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void manifestOfUnknownJobIsNotFound() throws IOException {
        HttpResponse<String> response = api().get("v1/stream/hls/550e8400-e29b-41d4-a716-446655440000/index.m3u8");
        assertEquals(404, response.statusCode());
        assertEquals("not_found", StreamApi.json(response).getString("error"));
    }

    @Test
    void manifestOfMalformedJobIdIsNotFound() throws IOException {
        assertEquals(404, api().get("v1/stream/hls/123/index.m3u8").statusCode());
    }

    @Test
    void manifestOfUnfinishedJobIsBadRequest() throws IOException {
        // 20 minutes of audio: far longer to encode than this check takes
        String jobId = api().submitted(TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1));
        HttpResponse<String> response = api().get("v1/stream/hls/" + jobId + "/index.m3u8");
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("bad_request", StreamApi.json(response).getString("error"));
    }

    @Test
    void unknownSegmentIsNotFound() throws IOException {
        assertEquals(404, api().get("v1/stream/hls/" + completedJob() + "/segment_09999.ts").statusCode());
        assertEquals(404, api().get("v1/stream/hls/" + completedJob() + "/ffmpeg.log").statusCode());
    }

    @Test
    void rangeRequestGetsPartialContent() throws IOException {
        byte[] whole = fetch(HttpRequest.newBuilder(api().uri(segmentPath()))).body();
        HttpResponse<byte[]> part = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Range", "bytes=100-299"));
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-299/" + whole.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(whole, 100, 300), part.body());

        HttpResponse<byte[]> tail = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Range", "bytes=-188"));
        assertEquals(206, tail.statusCode());
        assertArrayEquals(Arrays.copyOfRange(whole, whole.length - 188, whole.length), tail.body());
    }

    @Test
    void rangeBeyondTheEndIsNotSatisfiable() throws IOException {
        HttpResponse<byte[]> response = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Range", "bytes=999999999-"));
        assertEquals(416, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Range").orElse("").startsWith("bytes */"));
    }

    @Test
    void headAnswersHeadersWithoutBody() throws IOException {
        byte[] whole = fetch(HttpRequest.newBuilder(api().uri(segmentPath()))).body();
        HttpResponse<byte[]> head = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(whole.length), head.headers().firstValue("Content-Length").orElse(""));
        assertEquals(0, head.body().length);
    }

    @Test
    void segmentsAreCacheableAndRevalidatedByETag() throws IOException {
        HttpResponse<byte[]> first = fetch(HttpRequest.newBuilder(api().uri(segmentPath())));
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertTrue(first.headers().firstValue("Cache-Control").orElse("").contains("immutable"));
        assertEquals("bytes", first.headers().firstValue("Accept-Ranges").orElse(""));
        HttpResponse<byte[]> again = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("If-None-Match", etag));
        assertEquals(304, again.statusCode());
        assertEquals(0, again.body().length);
    }

    @Test
    void preflightFromAllowedOriginIsAnswered() throws IOException {
        HttpResponse<byte[]> response = fetch(HttpRequest.newBuilder(api().uri("v1/stream/transcode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5176")
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(204, response.statusCode());
        assertEquals("http://localhost:5176", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(response.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
    }

    @Test
    void segmentFetchedFromAllowedOriginCarriesCorsHeader() throws IOException {
        HttpResponse<byte[]> response = fetch(HttpRequest.newBuilder(api().uri(segmentPath())).header("Origin", "http://localhost:3000"));
        assertEquals("http://localhost:3000", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void otherOriginGetsNoCorsHeader() throws IOException {
        HttpResponse<byte[]> response = fetch(HttpRequest.newBuilder(api().uri("v1/stream/transcode"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST"));
        assertFalse(response.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        HttpResponse<String> job = api().send(HttpRequest.newBuilder(api().uri("v1/stream/job/550e8400-e29b-41d4-a716-446655440000"))
                .header("Origin", "http://evil.example"));
        assertFalse(job.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }
}

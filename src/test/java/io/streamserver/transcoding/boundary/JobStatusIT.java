package io.streamserver.transcoding.boundary;

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
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** GET /v1/stream/job/{id} carries a strong ETag over its JSON: a poller revalidates, and a change shows as a new tag. */
@ExtendWith(ArquillianExtension.class)
class JobStatusIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.server();
    }

    @Test
    void aFinishedJobAnswersItsOwnETagWith304() throws IOException {
        StreamApi api = new StreamApi(base);
        String jobId = api.submitted(TestAudio.sineWav("status-3s.wav", 3, 44_100, 2));
        assertEquals("Completed", api.awaitFinal(jobId).getString("status"));

        HttpResponse<String> first = api.get("v1/stream/job/" + jobId);
        assertEquals(200, first.statusCode(), first.body());
        String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + first.headers()));
        assertTrue(etag.startsWith("\""), "a strong tag: " + etag);

        HttpResponse<String> again = api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId)).header("If-None-Match", etag));
        assertEquals(304, again.statusCode(), again.body());
        assertEquals("", again.body());
        assertEquals(etag, again.headers().firstValue("ETag").orElse(""));

        HttpResponse<String> other = api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId)).header("If-None-Match", "\"other\""));
        assertEquals(200, other.statusCode());
        assertEquals(first.body(), other.body(), "the same JSON for another tag");
        assertEquals(etag, other.headers().firstValue("ETag").orElse(""));
    }

    @Test
    void aRunningJobsETagChangesWithItsProgress() throws IOException {
        StreamApi api = new StreamApi(base);
        // 20 minutes of audio: progress moves many times before the job ends
        String jobId = api.submitted(TestAudio.sineWav("sine-20min-8k.wav", 1200, 8_000, 1));
        try {
            HttpResponse<String> first = awaitProgress(api, jobId, -1);
            double progress = StreamApi.json(first).getJsonNumber("progress").doubleValue();
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> later = awaitProgress(api, jobId, progress);
            assertNotEquals(etag, later.headers().firstValue("ETag").orElseThrow(), "new progress, new tag");

            HttpResponse<String> revalidated = api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId))
                    .header("If-None-Match", etag));
            assertEquals(200, revalidated.statusCode(), "the old tag no longer matches");
            assertNotEquals(progress, StreamApi.json(revalidated).getJsonNumber("progress").doubleValue());
        } finally {
            api.send(HttpRequest.newBuilder(api.uri("v1/stream/job/" + jobId)).DELETE());
        }
    }

    /** Polls until the job is Processing with a progress above zero and other than {@code seen}. */
    private static HttpResponse<String> awaitProgress(StreamApi api, String jobId, double seen) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            HttpResponse<String> status = api.get("v1/stream/job/" + jobId);
            assertEquals(200, status.statusCode(), status.body());
            String state = StreamApi.json(status).getString("status");
            double progress = StreamApi.json(status).getJsonNumber("progress").doubleValue();
            if (!state.equals("Pending") && !state.equals("Processing")) {
                fail("the job ended before its progress was seen to move; it needs a longer source: " + status.body());
            }
            if (state.equals("Processing") && progress > 0 && progress != seen) {
                return status;
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no progress other than " + seen + " within 2 minutes: " + status.body());
            }
            StreamApi.pause(Duration.ofMillis(100));
        }
    }
}
